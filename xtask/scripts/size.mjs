// Prints raw, gzip -9 and brotli (quality 11) sizes of the package's bundle: every element in one
// module (`pkg/tenantkit.js` + `pkg/tenantkit_bg.wasm`, what the package's main entry loads), each
// element's own module (`pkg/<tag>.js` + `pkg/<tag>_bg.wasm`, what a page showing that element
// alone loads), and the autoload script (`pkg/autoload.js`, which loads those).
//   node size.mjs <pkg dir> [--budget <brotli bytes>] [--element-budget <brotli bytes>]
// With budgets, it fails when all elements together, or one element with the autoload script, are
// over them, brotli (issue 21's goals: 200,000 B and 120,000 B).
// Node's zlib has both compressors, so no extra tool is needed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { TAGS } from '../../bindings/js/names.js';

const [pkg, ...options] = process.argv.slice(2);
const option = (name) => {
  const at = options.indexOf(name);
  if (at < 0) return null;
  const value = Number(options[at + 1]);
  if (!Number.isFinite(value)) throw new Error(`${name}: a number of bytes`);
  return value;
};
const budgets = { all: option('--budget'), element: option('--element-budget') };

function measure(name) {
  const data = readFileSync(join(pkg, name));
  const gzip = gzipSync(data, { level: 9 }).length;
  const brotli = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  }).length;
  return { name, raw: data.length, gzip, brotli };
}

const sum = (name, rows) => rows.reduce((total, r) => ({ name, raw: total.raw + r.raw, gzip: total.gzip + r.gzip, brotli: total.brotli + r.brotli }),
  { name, raw: 0, gzip: 0, brotli: 0 });
const autoload = measure('autoload.js');
const all = sum('every element (tenantkit.js, tenantkit_bg.wasm)', ['tenantkit.js', 'tenantkit_bg.wasm'].map(measure));
const elements = TAGS.map((tag) => sum(`<${tag}> alone (autoload.js, ${tag}.js, wasm)`,
  [autoload, measure(`${tag}.js`), measure(`${tag}_bg.wasm`)]));

const fmt = (n) => n.toLocaleString('en-US').padStart(10);
console.log(`${pkg}/`);
console.log(`${'what a page loads'.padEnd(82)} ${'raw'.padStart(10)} ${'gzip -9'.padStart(10)} ${'brotli'.padStart(10)}`);
for (const r of [autoload, all, ...elements]) console.log(`${r.name.padEnd(82)} ${fmt(r.raw)} ${fmt(r.gzip)} ${fmt(r.brotli)}`);

const over = [
  ...(budgets.all === null ? [] : [all].filter((r) => r.brotli > budgets.all).map((r) => [r, budgets.all])),
  ...(budgets.element === null ? [] : elements.filter((r) => r.brotli > budgets.element).map((r) => [r, budgets.element])),
];
for (const [r, budget] of over) {
  console.error(`size: ${r.name}: ${r.brotli.toLocaleString('en-US')} B brotli, ${(r.brotli - budget).toLocaleString('en-US')} B over the budget of ${budget.toLocaleString('en-US')} B`);
}
if (over.length > 0) process.exit(1);
if (budgets.all !== null || budgets.element !== null) console.log('size: within the budgets');
