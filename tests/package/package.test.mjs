// A first-time consumer's checks of @tenantkit/elements, run against the packed tarball (npm pack),
// never against bindings/: what is in it, its package.json and custom-elements.json, its types
// under `tsc --strict` (bundler and nodenext resolution, a TSX page with no declaration of its
// own), the autoload entry from a plain <script type="module" src=...>, the React and Vue
// wrappers in a Vite app, importing every entry in Node for server-side rendering, and a Next.js
// app-router build that type-checks and prerenders a page using them.
//
// The tarball is unpacked into target/package-check/node_modules/@tenantkit/elements beside
// copies of tests/package/fixtures; React, Vue, Vite and TypeScript come from the repository's
// node_modules (Node and TypeScript look there from target/). `cargo xtask test package` runs
// `cargo xtask build-wasm` first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { root, startStack, launchBrowser, DEMO_PASSWORD } from '../e2e/harness.mjs';
import { TAGS } from '../../bindings/js/names.js';

const work = join(root, 'target', 'package-check');
const installed = join(work, 'node_modules', '@tenantkit', 'elements');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (command, args, cwd = work) => execFileSync(command, args, {
  cwd,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});

let tarballFiles;

before(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(installed, { recursive: true });
  const [{ filename, files }] = JSON.parse(
    run('npm', ['pack', '--json', '--pack-destination', work], join(root, 'bindings')),
  );
  tarballFiles = files.map((file) => file.path).sort();
  run('tar', ['-xzf', join(work, filename), '-C', installed, '--strip-components=1']);
  cpSync(join(root, 'tests', 'package', 'fixtures'), work, { recursive: true });
});

test('the tarball holds the entries, the bundle, the manifest, the README and both licenses, and nothing else', () => {
  assert.deepEqual(tarballFiles, [
    'LICENSE-APACHE',
    'LICENSE-MIT',
    'README.md',
    'custom-elements.json',
    'js/define.d.ts',
    'js/define.js',
    'js/index.d.ts',
    'js/index.js',
    'js/names.js',
    'js/react.d.ts',
    'js/react.js',
    'js/vue.d.ts',
    'js/vue.js',
    'package.json',
    'pkg/locales/ar.json',
    'pkg/locales/de.json',
    'pkg/locales/es.json',
    'pkg/locales/fr.json',
    'pkg/locales/ja.json',
    'pkg/locales/pt-BR.json',
    'pkg/autoload.js',
    'pkg/tenantkit.js',
    'pkg/tenantkit_bg.wasm',
    ...TAGS.flatMap((tag) => [`pkg/${tag}.js`, `pkg/${tag}_bg.wasm`]),
  ].sort());
  assert.match(readFileSync(join(installed, 'LICENSE-MIT'), 'utf8'), /^MIT License/);
  assert.match(readFileSync(join(installed, 'LICENSE-APACHE'), 'utf8'), /Apache License\s+Version 2\.0/);
  const readme = readFileSync(join(installed, 'README.md'), 'utf8');
  assert.equal(readme.match(/^\s*```/gm).length % 2, 0, 'the README closes every code fence');
});

test('package.json: every entry point exists, the public types name no wasm-bindgen internals', () => {
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  assert.equal(manifest.license, 'MIT OR Apache-2.0');
  assert.equal(manifest.type, 'module');
  assert.ok(manifest.repository?.url, 'repository');
  assert.equal(manifest.customElements, 'custom-elements.json');
  assert.deepEqual(Object.keys(manifest.exports).sort(),
    ['.', './autoload', './custom-elements.json', './define', './package.json', './react', './tenantkit_bg.wasm', './vue',
      ...TAGS.map((tag) => `./${tag}`)].sort());
  const targets = [manifest.main, manifest.module, manifest.types, manifest.browser, manifest.unpkg, manifest.jsdelivr,
    manifest.customElements, ...Object.values(manifest.exports).flatMap((entry) => typeof entry === 'string' ? [entry] : Object.values(entry))];
  for (const target of targets) assert.ok(existsSync(join(installed, target)), `${target} is in the tarball`);
  assert.equal(manifest.unpkg, 'pkg/autoload.js');
  assert.deepEqual(manifest.peerDependenciesMeta, { react: { optional: true }, vue: { optional: true } });
  assert.equal(manifest.dependencies, undefined, 'no runtime dependencies');
  for (const file of tarballFiles.filter((path) => path.endsWith('.d.ts'))) {
    assert.doesNotMatch(readFileSync(join(installed, file), 'utf8'), /__wbindgen|InitOutput|\bWidgetElement\b/, file);
  }
});

test('custom-elements.json describes every element: attributes, properties, events, parts, custom properties', () => {
  const cem = JSON.parse(readFileSync(join(installed, 'custom-elements.json'), 'utf8'));
  assert.match(cem.schemaVersion, /^2\./);
  const [module] = cem.modules;
  assert.equal(module.kind, 'javascript-module');
  assert.ok(existsSync(join(installed, module.path)), module.path);
  const tags = module.declarations.map((d) => d.tagName);
  assert.deepEqual(tags, ['tenant-user-management', 'tenant-role-management', 'tenant-access-key-management',
    'tenant-audit-log', 'tenant-sso-setup', 'tenant-profile']);
  const index = readFileSync(join(installed, 'js/index.d.ts'), 'utf8');
  for (const element of module.declarations) {
    assert.equal(element.customElement, true);
    assert.ok(element.description.length > 20, `${element.tagName} has a description`);
    assert.deepEqual(element.attributes.map((a) => a.name), ['project-id', 'tenant', 'base-url', 'session-token', 'locale', 'theme']);
    assert.deepEqual(element.members.map((m) => m.name), ['projectId', 'tenant', 'baseUrl', 'sessionToken', 'locale', 'theme', 'tokenProvider', 'strings', 'refresh']);
    const events = element.events.map((e) => e.name);
    for (const shared of ['tk-ready', 'tk-error', 'tk-session-expired', 'tk-token-refreshed']) assert.ok(events.includes(shared));
    for (const event of element.events) {
      assert.match(event.type.text, /^CustomEvent<\w+>$/);
      assert.ok(index.includes(`'${event.name}': ${event.type.text};`), `${event.name} is typed in index.d.ts`);
    }
    assert.ok(element.cssParts.some((p) => p.name === 'base'));
    assert.ok(element.cssProperties.some((p) => p.name === '--tk-accent-color'));
    assert.ok(module.exports.some((e) => e.kind === 'custom-element-definition' && e.name === element.tagName));
  }
  const of = (tag) => module.declarations.find((d) => d.tagName === tag);
  assert.ok(of('tenant-user-management').events.some((e) => e.name === 'tk-user-created'));
  assert.ok(!of('tenant-user-management').events.some((e) => e.name === 'tk-role-created'));
  assert.ok(of('tenant-profile').events.some((e) => e.name === 'tk-password-policy-updated'));
  assert.ok(of('tenant-role-management').cssParts.some((p) => p.name === 'permission-picker'));
  assert.ok(!of('tenant-user-management').cssParts.some((p) => p.name === 'permission-picker'));
});

for (const resolution of ['bundler', 'nodenext']) {
  test(`tsc --strict (moduleResolution ${resolution}): the package's types, a TSX page with no declaration of its own`, () => {
    try {
      run(bin('tsc'), ['--project', join(work, 'types', `tsconfig.${resolution}.json`)]);
    } catch (error) {
      assert.fail(`tsc failed:\n${error.stdout}${error.stderr}`);
    }
  });
}

test('server-side rendering: every entry imports in Node; the wrappers render the tag, not the token', () => {
  assert.match(run('node', [join(work, 'ssr.mjs')]), /ssr: ok/);
});

test('Next.js (app router): `next build` type-checks and prerenders a page with the tag and the React wrapper', () => {
  try {
    run(bin('next'), ['build'], join(work, 'next'));
  } catch (error) {
    assert.fail(`next build failed:\n${error.stdout}${error.stderr}`);
  }
  const html = readFileSync(join(work, 'next', '.next', 'server', 'app', 'index.html'), 'utf8');
  assert.match(html, /<tenant-audit-log project-id="P2" tenant="acme" base-url="https:\/\/api.example.com">/);
  assert.match(html, /<tenant-user-management project-id="P2" tenant="acme" base-url="https:\/\/api.example.com">/);
});

// The browser checks: a real server with demo data, the files served from target/package-check.
let stack;
let files;
let browser;

before(async () => {
  files = await serve(work);
  stack = await startStack({ serverArgs: ['--allowed-origin', files.url] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  await files?.close();
});

/** The query string the fixture pages read: where the API is, and a tenant admin's token. */
async function settings() {
  const response = await fetch(`${stack.apiUrl}/v1/auth/password/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${stack.projectId}` },
    body: JSON.stringify({ loginId: 'admin@acme.test', password: DEMO_PASSWORD }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  const { sessionJwt } = await response.json();
  return new URLSearchParams({ api: stack.apiUrl, project: stack.projectId, token: sessionJwt });
}

/**
 * Opens `path` and waits until window.tkEvents holds `count` tk-ready events; returns them all.
 * `inspect(page, firstReady)` looks at the page before it closes.
 */
async function readyEvents(path, count, inspect = async () => {}) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  try {
    await page.goto(`${files.url}${path}?${await settings()}`);
    await page.waitForFunction((n) => window.tkEvents?.filter((e) => e.type === 'tk-ready').length >= n, count, { timeout: 30_000 })
      .catch(async (error) => {
        const seen = await page.evaluate(() => JSON.stringify(window.tkEvents)).catch(() => '?');
        throw new Error(`no tk-ready from ${path}; events ${seen}; page errors ${problems.join(' | ')}`, { cause: error });
      });
    const tokenAttributes = await page.evaluate(() => document.querySelectorAll('[session-token]').length);
    assert.equal(tokenAttributes, 0, 'the session token is a property, never an attribute');
    const events = await page.evaluate(() => window.tkEvents);
    await inspect(page, events.find((e) => e.type === 'tk-ready'));
    return events;
  } finally {
    await page.close();
  }
}

/** The paths `page` asked for until `at` (ms since navigation), in order, less the favicon. */
function requestedUntil(page, at) {
  return page.evaluate((until) => performance.getEntriesByType('resource')
    .filter((entry) => entry.startTime <= until)
    .map((entry) => new URL(entry.name).pathname)
    .filter((path) => !path.endsWith('favicon.ico')), at);
}

const PKG = '/node_modules/@tenantkit/elements/pkg';

test("one element's own module from a plain <script type=\"module\" src=...> loads its data after three requests", async () => {
  const events = await readyEvents('/element.html', 1, async (page, ready) => {
    // Before the rows are painted the page asks us for the module, its wasm and the first data:
    // nothing else of the package's, nothing else of the API's (a CORS preflight is not a
    // resource entry).
    assert.deepEqual(await requestedUntil(page, ready.at),
      [`${PKG}/tenant-user-management.js`, `${PKG}/tenant-user-management_bg.wasm`, '/v1/mgmt/user/search']);
  });
  const ready = events.find((e) => e.type === 'tk-ready');
  assert.ok(ready.detail.count > 0, `users rendered: ${JSON.stringify(ready)}`);
});

test('the autoload entry loads the module of each tag on the page, one added later too, and no other', async () => {
  const french = JSON.parse(readFileSync(join(installed, 'pkg', 'locales', 'fr.json'), 'utf8'));
  const events = await readyEvents('/autoload.html', 1, async (page, first) => {
    assert.deepEqual(await requestedUntil(page, first.at),
      [`${PKG}/autoload.js`, `${PKG}/tenant-user-management.js`, `${PKG}/tenant-user-management_bg.wasm`, '/v1/mgmt/user/search']);
    const warnings = [];
    page.on('console', (message) => { if (message.type() === 'warning') warnings.push(message.text()); });
    await page.evaluate(() => {
      const users = document.querySelector('tenant-user-management');
      const log = document.createElement('tenant-audit-log');
      for (const name of ['project-id', 'base-url', 'tenant']) log.setAttribute(name, users.getAttribute(name));
      log.setAttribute('locale', 'fr');
      log.sessionToken = users.sessionToken;
      document.body.append(log);
    });
    await page.waitForFunction(() => window.tkEvents.filter((e) => e.type === 'tk-ready').length >= 2, null, { timeout: 30_000 });
    // The audit log's own module carries the audit log's strings only: the French catalog (every
    // element's) translates it, and the other elements' entries are no problem.
    await page.waitForFunction((title) => document.querySelector('tenant-audit-log')
      .shadowRoot.querySelector('.tk-title')?.textContent.trim() === title, french['audit.list.title'], { timeout: 10_000 })
      .catch((error) => { throw new Error(`the audit log is not in French; warnings: ${warnings.join(' | ')}`, { cause: error }); });
    assert.deepEqual(warnings, []);
    const ours = (await requestedUntil(page, Infinity)).filter((path) => path.startsWith(PKG));
    assert.deepEqual(ours.sort(), [
      `${PKG}/autoload.js`,
      `${PKG}/locales/fr.json`,
      `${PKG}/tenant-audit-log.js`,
      `${PKG}/tenant-audit-log_bg.wasm`,
      `${PKG}/tenant-user-management.js`,
      `${PKG}/tenant-user-management_bg.wasm`,
    ]);
  });
  const ready = events.find((e) => e.type === 'tk-ready');
  assert.ok(ready.detail.count > 0, `users rendered: ${JSON.stringify(ready)}`);
});

test('the React and Vue wrappers in a Vite app (vite build): both elements become ready', async () => {
  try {
    run(bin('vite'), ['build', '--config', join(work, 'vite', 'vite.config.js'), join(work, 'vite')]);
  } catch (error) {
    assert.fail(`vite build failed:\n${error.stdout}${error.stderr}`);
  }
  const events = await readyEvents('/vite/dist/index.html', 2);
  const from = (who) => events.find((e) => e.from === who && e.type === 'tk-ready');
  assert.ok(from('react')?.detail.count > 0, `React: ${JSON.stringify(events)}`);
  assert.ok(from('vue')?.detail.count > 0, `Vue: ${JSON.stringify(events)}`);
});

/** A static file server for `directory` on a free loopback port. */
function serve(directory) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    try {
      const body = await readFile(join(directory, path));
      response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${server.address().port}`,
      close: () => new Promise((done) => server.close(done)),
    }));
  });
}
