// Shortens the names that join a wasm-bindgen module to its JavaScript glue, in both, before
// wasm-opt and the bundler see them:
//   node minify-names.mjs <wasm-opt> <folder> <name>
// rewrites <folder>/<name>_bg.wasm, <folder>/<name>.js and, when present, the declarations
// <folder>/<name>.d.ts and <folder>/<name>_bg.wasm.d.ts.
//
// wasm-bindgen names each import `__wbg_<function>_<16 hex digits>` in a module named
// `./<name>_bg.js`, and each closure export after its Rust types (up to 250 characters). The hex
// digits do not compress: in the audit log's module the import names were 11 KB of wasm (2.9 KB
// brotli) and the glue spelled them again. Binaryen's own pass, the one Emscripten uses for its
// release builds (`--minify-imports-and-exports-and-modules`), renames them to one or two
// letters and prints the mapping (JSON), which this script applies to the glue. The rewrite is
// checked: each import must be one key of the glue's import object, no `wasm.<old export>` may
// remain, and the glue's module key must name the module the wasm now imports.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [wasmOpt, folder, name] = process.argv.slice(2);
if (!name) throw new Error('usage: node minify-names.mjs <wasm-opt> <folder> <name>');
const wasmFile = join(folder, `${name}_bg.wasm`);
const glueFile = join(folder, `${name}.js`);
const moduleKey = `"./${name}_bg.js": import0`;

let glue = readFileSync(glueFile, 'utf8');
if (!glue.includes(moduleKey)) {
  throw new Error(`${glueFile}: no ${moduleKey} (not wasm-bindgen's glue, or minified already)`);
}
const mapping = JSON.parse(
  execFileSync(wasmOpt, [wasmFile, '--minify-imports-and-exports-and-modules', '-o', wasmFile], {
    maxBuffer: 1 << 26,
  }).toString(),
);

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// The import object's keys: `__wbg_Error_2084…: function(arg0, arg1) {`.
for (const [, old, now] of mapping.imports) {
  const key = new RegExp(`(^|[\\s{,])${escape(old)}(?=\\s*:\\s*function\\b)`, 'gm');
  const found = glue.match(key)?.length ?? 0;
  if (found !== 1) throw new Error(`${glueFile}: import ${old} is ${found} keys, not one`);
  glue = glue.replace(key, (_, before) => before + now);
}
const exportOf = (old) => new RegExp(`\\bwasm\\.${escape(old)}(?![\\w$])`, 'g');
for (const [old, now] of mapping.exports) glue = glue.replace(exportOf(old), `wasm.${now}`);
for (const [old] of mapping.exports) {
  if (exportOf(old).test(glue)) throw new Error(`${glueFile}: wasm.${old} is left`);
}
glue = glue.replace(moduleKey, `${JSON.stringify(importModule(readFileSync(wasmFile)))}: import0`);
writeFileSync(glueFile, glue);

// wasm-bindgen's declarations name the exports (`readonly <name>:`, `export const <name>:`).
for (const declarations of [`${name}.d.ts`, `${name}_bg.wasm.d.ts`].map((f) => join(folder, f))) {
  if (!existsSync(declarations)) continue;
  let text = readFileSync(declarations, 'utf8');
  for (const [old, now] of mapping.exports) {
    text = text.replace(new RegExp(`\\b(readonly|export const) ${escape(old)}:`, 'g'), `$1 ${now}:`);
  }
  writeFileSync(declarations, text);
}
console.log(
  `minify-names: ${name}: ${mapping.imports.length} imports and ${mapping.exports.length} exports renamed`,
);

/** The module every import of `wasm` now comes from (the pass gives them all one). */
function importModule(wasm) {
  let at = 8;
  const number = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = wasm[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  const text = () => {
    const length = number();
    at += length;
    return wasm.subarray(at - length, at).toString('utf8');
  };
  const modules = new Set();
  while (at < wasm.length) {
    const section = wasm[at++];
    const end = number() + at;
    if (section === 2) {
      for (let count = number(); count > 0; count -= 1) {
        modules.add(text());
        text();
        skipImportKind();
      }
    }
    at = end;
  }
  if (modules.size !== 1) throw new Error(`${wasmFile}: imports from ${[...modules].join(', ')}`);
  return [...modules][0];

  function skipImportKind() {
    const kind = wasm[at++];
    if (kind === 0) number(); // a function: its type index
    else if (kind === 1) (at++, limits()); // a table: element type, limits
    else if (kind === 2) limits(); // a memory
    else if (kind === 3) at += 2; // a global: value type, mutability
    else if (kind === 4) (at++, number()); // a tag
    else throw new Error(`${wasmFile}: import kind ${kind}`);
  }
  function limits() {
    const flags = wasm[at++];
    number();
    if (flags & 1) number();
  }
}
