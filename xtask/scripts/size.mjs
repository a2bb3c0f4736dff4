// Prints raw, gzip -9 and brotli (quality 11) sizes of the package's bundle: the wasm, the module
// a bundler or an `import` loads (`pkg/tenantkit.js`: wasm-bindgen's glue with the element class),
// the one file a script tag loads (`pkg/autoload.js`: the same, the entry, and `init()` on import),
// and what a script-tag page loads in all (autoload + wasm).
//   node size.mjs <pkg dir> [--budget <brotli bytes>]
// With a budget, it fails when a script-tag page loads more than that, brotli (issue 21's goal for
// all elements together is 200,000 B).
// Node's zlib has both compressors, so no extra tool is needed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const [pkg, ...options] = process.argv.slice(2);
const budgetAt = options.indexOf('--budget');
const budget = budgetAt >= 0 ? Number(options[budgetAt + 1]) : null;

function measure(name) {
  const data = readFileSync(join(pkg, name));
  const gzip = gzipSync(data, { level: 9 }).length;
  const brotli = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  }).length;
  return { name: `${pkg}/${name}`, raw: data.length, gzip, brotli };
}

const sum = (name, rows) => rows.reduce((total, r) => ({ name, raw: total.raw + r.raw, gzip: total.gzip + r.gzip, brotli: total.brotli + r.brotli }),
  { name, raw: 0, gzip: 0, brotli: 0 });
const [wasm, glue, autoload] = ['tenantkit_bg.wasm', 'tenantkit.js', 'autoload.js'].map(measure);
const page = sum('a script-tag page loads (autoload.js + wasm)', [autoload, wasm]);
const rows = [wasm, glue, autoload, page];
const fmt = (n) => n.toLocaleString('en-US').padStart(10);
console.log(`${'file'.padEnd(52)} ${'raw'.padStart(10)} ${'gzip -9'.padStart(10)} ${'brotli'.padStart(10)}`);
for (const r of rows) console.log(`${r.name.padEnd(52)} ${fmt(r.raw)} ${fmt(r.gzip)} ${fmt(r.brotli)}`);
if (budget !== null) {
  if (!Number.isFinite(budget)) throw new Error('--budget: a number of bytes');
  if (page.brotli > budget) {
    console.error(`size: a script-tag page loads ${page.brotli.toLocaleString('en-US')} B brotli, ${(page.brotli - budget).toLocaleString('en-US')} B over the budget of ${budget.toLocaleString('en-US')} B`);
    process.exit(1);
  }
  console.log(`size: within the budget of ${budget.toLocaleString('en-US')} B brotli`);
}
