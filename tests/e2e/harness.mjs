// End-to-end harness: a real TenantKit server (debug binary) on a fresh SQLite file with demo data,
// the real demo site on its own origin, and Debian's Chromium driven by playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import { startSite } from '../../demo-site/serve.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEMO_PASSWORD = 'tenantkit-demo';
export const artifactsDir = join(root, 'target', 'e2e');

const serverBin = process.env.TENANTKIT_SERVER_BIN ?? join(root, 'target', 'debug', 'tenantkit-server');

/**
 * Starts site + server. Returns { siteUrl, apiUrl, projectId, managementKey, stop }.
 * `serverArgs`: more flags for the server.
 */
export async function startStack({ serverArgs = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tenantkit-e2e-'));
  const databaseUrl = `sqlite://${join(dir, 'e2e.db')}`;
  const site = await startSite({ port: 0 });
  const managementKey = execFileSync(serverBin, ['create-management-key', '--database-url', databaseUrl, '--name', 'e2e'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  const server = spawn(
    serverBin,
    ['serve', '--database-url', databaseUrl, '--listen', '127.0.0.1:0', '--allowed-origin', site.url, '--seed-demo', '--dev-outbox', '--sso-allow-private-fetch', ...serverArgs],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const banner = await new Promise((resolveBanner, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 60 s')), 60_000);
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    const lines = createInterface({ input: server.stdout });
    lines.on('line', (line) => {
      if (line.includes('listening on')) {
        clearTimeout(timer);
        resolveBanner(line);
      }
    });
  });
  const match = banner.match(/listening on (http:\/\/\S+) \(project (\S+)\)/);
  if (!match) throw new Error(`unexpected server banner: ${banner}`);
  const [, apiUrl, projectId] = match;
  Object.assign(site.config, { apiBaseUrl: apiUrl, projectId });
  return {
    siteUrl: site.url,
    apiUrl,
    projectId,
    managementKey,
    async stop() {
      server.kill();
      await site.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Launches Debian's Chromium headless with the flags this sandbox needs. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Calls the management API with the management key, as a product's backend would. */
export async function management(stack, path, body) {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${stack.projectId}:${stack.managementKey}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Login ids of every user in a tenant, from the API. */
export async function loginIdsOfTenant(stack, tenantId) {
  const { users } = await management(stack, '/v1/mgmt/user/search', { tenantIds: [tenantId], limit: 1000 });
  return new Set(users.map((user) => user.loginIds[0]));
}

export function screenshotPath(name) {
  mkdirSync(artifactsDir, { recursive: true });
  return join(artifactsDir, name);
}

/** A user by login id, from the API with the management key; `null` when there is none. */
export async function findUser(stack, loginId) {
  const { users } = await management(stack, '/v1/mgmt/user/search', { loginIds: [loginId], limit: 1 });
  return users[0] ?? null;
}

/** Signs in on the demo site as `loginId` and waits for the user table. Returns the widget locator. */
export async function signInOnDemoSite(page, stack, loginId) {
  await page.goto(stack.siteUrl);
  await page.getByLabel('Login ID').fill(loginId);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const widget = page.locator('tenant-user-management');
  try {
    await widget.getByRole('table').waitFor({ timeout: 30_000 });
  } catch (error) {
    // Say what the page showed instead, so a failure can be told from a slow machine.
    const shown = await page.locator('body').innerText().catch(() => '(no page text)');
    await page.screenshot({ path: screenshotPath(`sign-in-failed-${Date.now()}.png`), fullPage: true }).catch(() => {});
    throw new Error(`signing in as ${loginId} showed no user table within 30 s; the page read:\n${shown}`, { cause: error });
  }
  return widget;
}
