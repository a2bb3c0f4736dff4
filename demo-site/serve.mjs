// The demo site's static server: serves demo-site/ and the wasm bundle (bindings/pkg) on its own
// origin, plus /config.json telling the page where the API is. Node's standard library only.
//
//   node demo-site/serve.mjs --port 8081 --api http://127.0.0.1:8080 --project-id P...
//
// Tests import `startSite` to run it in-process.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const roots = { '/pkg/': join(here, '..', 'bindings', 'pkg'), '/': here };
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.ts': 'text/plain; charset=utf-8',
};

/** Starts the site; resolves to { url, close, config } once it listens. `config` is mutable. */
export function startSite({ port = 0, host = '127.0.0.1', config = {} } = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/config.json') {
      res.writeHead(200, { 'content-type': types['.json'], 'cache-control': 'no-store' });
      res.end(JSON.stringify(config));
      return;
    }
    const prefix = path.startsWith('/pkg/') ? '/pkg/' : '/';
    const relative = normalize(path.slice(prefix.length) || 'index.html');
    if (relative.startsWith('..') || relative.includes('\0') || relative === 'serve.mjs') {
      res.writeHead(404).end('not found');
      return;
    }
    try {
      const body = await readFile(join(roots[prefix], relative));
      res.writeHead(200, { 'content-type': types[extname(relative)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const url = `http://${host}:${server.address().port}`;
      resolve({ url, config, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const arg = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const site = await startSite({
    port: Number(arg('port', '8081')),
    host: arg('host', '127.0.0.1'),
    config: { apiBaseUrl: arg('api', 'http://127.0.0.1:8080'), projectId: arg('project-id', '') },
  });
  console.log(`Demo site on ${site.url}/`);
}
