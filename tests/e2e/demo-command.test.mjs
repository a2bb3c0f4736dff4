// The README's first command, `cargo xtask demo`, run as a newcomer would (on free ports): it
// prints the URL and the sign-in, the printed site serves the page and the wasm bundle, and the
// printed credentials sign in against the API it started, and the printed SAML IdP metadata URL and
// OIDC issuer answer. Stopped the way a process manager stops it (SIGTERM to the xtask process
// alone), it takes the API server, the site and both identity providers with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { root, DEMO_PASSWORD } from './harness.mjs';

/** A TCP port nothing listens on right now. */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** The pids of the processes whose parent is `parent` (from /proc). */
function childrenOf(parent) {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // The parent pid is the 2nd field after the parenthesised command name.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Whether the process `pid` still exists. */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether something accepts connections on the port. */
function listening(port) {
  return new Promise((resolveListening) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolveListening(true);
    });
    socket.once('error', () => resolveListening(false));
  });
}

/** Waits (up to `seconds`) for `condition` to hold; returns whether it did. */
async function eventually(condition, seconds) {
  for (let waited = 0; waited < seconds * 10; waited += 1) {
    if (await condition()) return true;
    await new Promise((resume) => setTimeout(resume, 100));
  }
  return condition();
}

test('cargo xtask demo serves the demo site and the printed sign-in works', { timeout: 600_000 }, async () => {
  const apiPort = await freePort();
  const sitePort = await freePort();
  const samlPort = await freePort();
  const oidcPort = await freePort();
  // `cargo xtask test` names its own binary; by hand, the one `cargo xtask` builds.
  const xtask = process.env.TENANTKIT_XTASK_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'debug', 'xtask');
  const demo = spawn(xtask, ['demo'], {
    cwd: root,
    env: {
      ...process.env,
      TENANTKIT_DEMO_API_PORT: String(apiPort),
      TENANTKIT_DEMO_SITE_PORT: String(sitePort),
      TENANTKIT_DEMO_SAML_IDP_PORT: String(samlPort),
      TENANTKIT_DEMO_OIDC_IDP_PORT: String(oidcPort),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
    // Its own process group, so the server and site it starts stop with it.
    detached: true,
  });
  try {
    const printed = await new Promise((resolvePrinted, reject) => {
      let text = '';
      demo.once('exit', (code) => reject(new Error(`cargo xtask demo exited with ${code}:\n${text}`)));
      createInterface({ input: demo.stdout }).on('line', (line) => {
        text += `${line}\n`;
        if (line.includes('Ctrl-C stops them all')) resolvePrinted(text);
      });
    });
    const siteUrl = printed.match(/Open\s+(http:\/\/\S+)/)?.[1];
    assert.equal(siteUrl, `http://127.0.0.1:${sitePort}/`, 'the printed URL is the demo site');
    assert.match(printed, new RegExp(`admin@acme\\.test\\s+/ ${DEMO_PASSWORD}`), 'the printed sign-in');

    const page = await fetch(siteUrl);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /tenant-user-management/, 'the page embeds the widget');
    const config = await (await fetch(new URL('config.json', siteUrl))).json();
    assert.equal(config.apiBaseUrl, `http://127.0.0.1:${apiPort}`);
    const wasm = await fetch(new URL('pkg/tenantkit_bg.wasm', siteUrl));
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');

    const signIn = await fetch(`${config.apiBaseUrl}/v1/auth/password/signin`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${config.projectId}`, 'Content-Type': 'application/json', Origin: siteUrl.replace(/\/$/, '') },
      body: JSON.stringify({ loginId: 'admin@acme.test', password: DEMO_PASSWORD }),
    });
    assert.equal(signIn.status, 200, 'the printed credentials sign in');
    assert.ok((await signIn.json()).sessionJwt, 'a session JWT');

    // The identity providers to paste into the SSO tab.
    const metadataUrl = printed.match(/metadata URL\s+(http:\/\/\S+)/)?.[1];
    assert.equal(metadataUrl, `http://127.0.0.1:${samlPort}/metadata`);
    assert.match(await (await fetch(metadataUrl)).text(), /IDPSSODescriptor/);
    const issuer = printed.match(/issuer\s+(http:\/\/\S+)/)?.[1];
    assert.equal(issuer, `http://127.0.0.1:${oidcPort}`);
    assert.equal((await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()).issuer, issuer);

    // SIGTERM to the xtask process only, as a process manager or `kill <pid>` sends it.
    const children = childrenOf(demo.pid);
    assert.equal(children.length, 4, 'the API server, the site and the two IdPs run as its children');
    const exited = new Promise((resolveExit) => demo.once('exit', resolveExit));
    process.kill(demo.pid, 'SIGTERM');
    await exited;
    assert.ok(await eventually(() => children.every((pid) => !alive(pid)), 10), `children gone: ${children.filter(alive)}`);
    assert.equal(await listening(apiPort), false, 'the API port is closed');
    assert.equal(await listening(sitePort), false, 'the site port is closed');
    assert.equal(await listening(samlPort), false, 'the SAML IdP port is closed');
    assert.equal(await listening(oidcPort), false, 'the OIDC IdP port is closed');
  } finally {
    // Whatever is left of the process group (nothing, when the test passed).
    try {
      process.kill(-demo.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});
