// What part of a wasm module's brotli size some of its code costs: every function whose name
// matches a pattern gets an empty body (`unreachable`), binaryen drops what nothing reaches any
// more, and the module is measured again, names stripped (brotli quality 11, as size.mjs).
//   node size-without.mjs <module.wasm, its names kept> <pattern> [<pattern> ...]
// The module must keep its function names (wasm-bindgen --keep-debug, wasm-opt -Oz -g); a
// pattern is a JavaScript regular expression over them, e.g.
// 'tenantkit_widgets\[[0-9a-f]+\]::users::' (every function of the users element's own module,
// generic code instantiated for its types included).
// It prints the module's size, its size without those functions and what they and the code only
// they reach cost: the floor that removing them, by any means, could reach.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const [input, ...sources] = process.argv.slice(2);
if (!input || sources.length === 0) {
  throw new Error('usage: node size-without.mjs <module.wasm> <pattern> [<pattern> ...]');
}
const patterns = sources.map((source) => new RegExp(source));
const wasmOpt = join(import.meta.dirname, '../../node_modules/.bin/wasm-opt');

function uleb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function encodeUleb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

const skipName = (bytes, at) => {
  const [length, next] = uleb(bytes, at);
  return next + length;
};

// The sections, and the facts needed to name each code body: how many functions are imported
// (they come first in the index space) and the function names of the `name` section.
function sections(bytes) {
  const found = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = uleb(bytes, at + 1);
    found.push({ id, at, start, end: start + size });
    at = start + size;
  }
  return found;
}

function importedFunctions(bytes, section) {
  let [count, at] = uleb(bytes, section.start);
  let functions = 0;
  for (; count > 0; count--) {
    at = skipName(bytes, skipName(bytes, at));
    const kind = bytes[at++];
    if (kind === 0) {
      functions++;
      [, at] = uleb(bytes, at);
    } else if (kind === 1 || kind === 2) {
      if (kind === 1) at++; // reference type
      let flags;
      [flags, at] = uleb(bytes, at);
      [, at] = uleb(bytes, at);
      if (flags & 1) [, at] = uleb(bytes, at);
    } else if (kind === 3) {
      at += 2;
    } else {
      [, at] = uleb(bytes, at); // a tag: attribute, type index
    }
  }
  return functions;
}

function functionNames(bytes, section) {
  const names = new Map();
  let at = skipName(bytes, section.start);
  while (at < section.end) {
    const kind = bytes[at];
    const [size, start] = uleb(bytes, at + 1);
    if (kind === 1) {
      let [count, p] = uleb(bytes, start);
      for (; count > 0; count--) {
        let index;
        let length;
        [index, p] = uleb(bytes, p);
        [length, p] = uleb(bytes, p);
        names.set(index, new TextDecoder().decode(bytes.subarray(p, p + length)));
        p += length;
      }
    }
    at = start + size;
  }
  return names;
}

const isNameSection = (bytes, section) => {
  const [length, at] = uleb(bytes, section.start);
  return section.id === 0 && new TextDecoder().decode(bytes.subarray(at, at + length)) === 'name';
};

// `bytes` with every matching function's body replaced by `unreachable`.
function stubbed(bytes) {
  const all = sections(bytes);
  const imports = all.find((s) => s.id === 2);
  const offset = imports ? importedFunctions(bytes, imports) : 0;
  const nameSection = all.find((s) => isNameSection(bytes, s));
  if (!nameSection) throw new Error(`${input} keeps no function names (build it with -g)`);
  const names = functionNames(bytes, nameSection);
  const out = [bytes.subarray(0, 8)];
  let matched = 0;
  for (const section of all) {
    if (section.id !== 10) {
      out.push(bytes.subarray(section.at, section.end));
      continue;
    }
    let [count, at] = uleb(bytes, section.start);
    const body = [Uint8Array.from(encodeUleb(count))];
    for (let index = 0; index < count; index++) {
      const [size, start] = uleb(bytes, at);
      const name = names.get(offset + index) ?? '';
      if (patterns.some((pattern) => pattern.test(name))) {
        matched++;
        body.push(Uint8Array.from([3, 0, 0x00, 0x0b])); // no locals, unreachable, end
      } else {
        body.push(bytes.subarray(at, start + size));
      }
      at = start + size;
    }
    const length = body.reduce((total, part) => total + part.length, 0);
    out.push(Uint8Array.from([10, ...encodeUleb(length)]), ...body);
  }
  return { bytes: Buffer.concat(out), matched };
}

const brotli = (data) =>
  brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  }).length;

const work = mkdtempSync(join(tmpdir(), 'size-without-'));
try {
  // Both measured the same way: unreferenced code removed, every name and custom section gone.
  const measure = (file) => {
    const out = join(work, 'measured.wasm');
    execFileSync(wasmOpt, ['--remove-unused-module-elements', '--strip-debug', '--strip-producers', file, '-o', out]);
    const data = readFileSync(out);
    return { raw: data.length, brotli: brotli(data) };
  };
  const original = readFileSync(input);
  const { bytes, matched } = stubbed(original);
  const cut = join(work, 'cut.wasm');
  writeFileSync(cut, bytes);
  const before = measure(input);
  const after = measure(cut);
  const fmt = (n) => n.toLocaleString('en-US');
  console.log(`${input}: ${matched} functions matched`);
  console.log(`  the module:           ${fmt(before.raw)} B raw, ${fmt(before.brotli)} B brotli`);
  console.log(`  without them:         ${fmt(after.raw)} B raw, ${fmt(after.brotli)} B brotli`);
  console.log(`  they and what only they reach: ${fmt(before.raw - after.raw)} B raw, ${fmt(before.brotli - after.brotli)} B brotli`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
