// Prints raw, gzip -9 and brotli (quality 11) sizes of the .wasm and .js files under the given
// directories and of the given files (the bundle: wasm, JS glue, wasm-bindgen snippets; the
// package's entry and autoload files) and their total.
// Node's zlib has both compressors, so no extra tool is needed.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const files = process.argv.slice(2).flatMap((path) => statSync(path).isFile()
  ? [path]
  : readdirSync(path, { recursive: true })
    .filter((name) => name.endsWith('.wasm') || name.endsWith('.js'))
    .sort()
    .map((name) => join(path, name)));
const rows = files.map((path) => {
  const data = readFileSync(path);
  const gzip = gzipSync(data, { level: 9 }).length;
  const brotli = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  }).length;
  return { path, raw: data.length, gzip, brotli };
});
rows.push(rows.reduce((sum, r) => ({ path: 'total', raw: sum.raw + r.raw, gzip: sum.gzip + r.gzip, brotli: sum.brotli + r.brotli }),
  { path: 'total', raw: 0, gzip: 0, brotli: 0 }));
const fmt = (n) => n.toLocaleString('en-US').padStart(10);
console.log(`${'file'.padEnd(72)} ${'raw'.padStart(10)} ${'gzip -9'.padStart(10)} ${'brotli'.padStart(10)}`);
for (const r of rows) console.log(`${r.path.padEnd(72)} ${fmt(r.raw)} ${fmt(r.gzip)} ${fmt(r.brotli)}`);
