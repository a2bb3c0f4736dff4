// A tenant admin changes their tenant's own settings on the demo site like a person would, in the
// "Tenant settings" tab (<tenant-profile>): renames the tenant (the page's heading follows), turns
// on the tenant's session settings (a lifetime the rules refuse is flagged in the browser before
// anything is sent), sets a password policy (a tried password shows the rules it breaks; a number
// the rules refuse is flagged), and adds a domain, finds the DNS TXT record to publish, publishes
// it on a real DNS server (dnsmasq on loopback, the server's `--dns-resolver`) and verifies it.
// Each outcome is checked on the page and against the server with the management key.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { launchBrowser, screenshotPath, signInOnDemoSite, startStack } from './harness.mjs';

let stack;
let browser;
let dnsPort;
let dns;

/** A UDP port on loopback nobody holds now. */
function freeUdpPort() {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** Whether someone holds `port` (dnsmasq, once it is up). */
function held(port) {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(true));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(false)));
  });
}

/** dnsmasq on loopback answering for `*.test` only, with `records` (`[name, value]`) as TXT records. */
async function startDns(port, records) {
  const args = ['--keep-in-foreground', '--conf-file=/dev/null', '--no-resolv', '--no-hosts', '--bind-interfaces',
    '--listen-address=127.0.0.1', '--local=/test/', '--pid-file=', `--port=${port}`,
    ...records.map(([name, value]) => `--txt-record=${name},${value}`)];
  const server = spawn('/usr/sbin/dnsmasq', args, { stdio: 'ignore' });
  for (let i = 0; i < 100; i += 1) {
    if (await held(port)) return server;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  server.kill();
  throw new Error(`dnsmasq did not start on port ${port} (cargo xtask setup installs dnsmasq-base)`);
}

before(async () => {
  dnsPort = await freeUdpPort();
  stack = await startStack({ serverArgs: ['--dns-resolver', `127.0.0.1:${dnsPort}`] });
  browser = await launchBrowser();
});

after(async () => {
  dns?.kill();
  await browser?.close();
  await stack?.stop();
});

/** `GET path` with the management key, as the product's backend would ask. */
async function read(path) {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    headers: { Authorization: `Bearer ${stack.projectId}:${stack.managementKey}` },
  });
  assert.equal(response.status, 200, `${path} answered ${response.status}: ${await response.clone().text()}`);
  return response.json();
}

test('a tenant admin renames the tenant, sets its session and password policy and adds a domain', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  try {
    await signInOnDemoSite(page, stack, 'admin@acme.test');
    await page.getByRole('tab', { name: 'Tenant settings' }).click();
    const profile = page.locator('tenant-profile');
    const general = profile.getByRole('region', { name: 'Name and attributes' });
    await general.getByLabel('Tenant name').waitFor();

    // The name.
    await general.getByLabel('Tenant name').fill('Acme Industries');
    await general.getByRole('button', { name: 'Save' }).click();
    await profile.locator('[part~="notice"]', { hasText: 'Saved the name and attributes of Acme Industries.' }).waitFor();
    await page.locator('#tenant-name', { hasText: 'Acme Industries' }).waitFor();
    assert.equal((await read('/v1/mgmt/tenant?id=acme')).name, 'Acme Industries');

    // Session settings: refused in the browser first, then saved.
    const session = profile.getByRole('region', { name: 'Session settings' });
    await session.getByLabel("Use this tenant's own session settings").check();
    await session.getByLabel('Session token lifetime', { exact: true }).fill('1');
    await session.getByRole('button', { name: 'Save' }).click();
    await session.getByText('A session token lasts from 3 minutes to 1 day').waitFor();
    assert.equal(
      await session.getByLabel('Session token lifetime', { exact: true }).getAttribute('aria-invalid'),
      'true',
    );
    assert.equal((await read('/v1/mgmt/tenant/settings?id=acme')).enabled, false, 'nothing was sent');
    await session.getByLabel('Session token lifetime', { exact: true }).fill('15');
    await session.getByLabel('Refresh token lifetime', { exact: true }).fill('7');
    await session.getByRole('button', { name: 'Save' }).click();
    await profile.locator('[part~="notice"]', { hasText: 'Saved the session settings.' }).waitFor();
    const settings = await read('/v1/mgmt/tenant/settings?id=acme');
    assert.equal(settings.enabled, true);
    assert.equal(settings.sessionTokenExpiration, 15);
    assert.equal(settings.sessionTokenExpirationUnit, 'minutes');
    assert.equal(settings.refreshTokenExpiration, 7);

    // Password policy: a tried password shows each rule it breaks; a bad number is flagged.
    const password = profile.getByRole('region', { name: 'Password policy' });
    await password.getByLabel("Use this tenant's own password policy").check();
    await password.getByLabel('Minimum length').fill('12');
    await password.getByLabel('Needs an uppercase letter').check();
    await password.getByLabel('Try a password against this policy').fill('short1');
    await password.getByText('The password needs at least 12 characters (minLength)').waitFor();
    await password.getByText('The password needs an uppercase letter (uppercase)').waitFor();
    await password.getByLabel('Try a password against this policy').fill('Long enough 1');
    await password.getByText('This password meets the policy.').waitFor();
    await password.getByLabel('Lock accounts after failed sign-ins').check();
    await password.getByLabel('Failed sign-ins before locking').fill('0');
    await password.getByRole('button', { name: 'Save' }).click();
    await password.getByText('Correct the highlighted fields first.').waitFor();
    assert.equal(
      await password.getByLabel('Failed sign-ins before locking').getAttribute('aria-invalid'),
      'true',
    );
    await password.getByLabel('Failed sign-ins before locking').fill('5');
    await password.getByRole('button', { name: 'Save' }).click();
    await profile.locator('[part~="notice"]', { hasText: 'Saved the password policy.' }).waitFor();
    const policy = await read('/v1/mgmt/password/settings?tenantId=acme');
    assert.equal(policy.enabled, true);
    assert.equal(policy.minLength, 12);
    assert.equal(policy.uppercase, true);
    assert.equal(policy.lock, true);
    assert.equal(policy.lockAttempts, 5);

    // A domain, the TXT record to publish, and its proof.
    const domains = profile.getByRole('region', { name: 'Domains' });
    await domains.getByLabel('Domain', { exact: true }).fill('not a domain');
    await domains.getByRole('button', { name: 'Add domain' }).click();
    assert.equal(await domains.getByLabel('Domain', { exact: true }).getAttribute('aria-invalid'), 'true');
    await domains.getByLabel('Domain', { exact: true }).fill('Acme-E2E.test.');
    await domains.getByRole('button', { name: 'Add domain' }).click();
    const row = domains.getByRole('row', { name: /acme-e2e\.test/ });
    await row.locator('[data-status="pending"]', { hasText: 'Pending' }).waitFor();
    const recordName = (await row.locator('[data-record="name"]').innerText()).trim();
    const recordValue = (await row.locator('[data-record="value"]').innerText()).trim();
    assert.equal(recordName, '_tenantkit.acme-e2e.test');
    assert.match(recordValue, /^tenantkit-verification=\S+$/);
    assert.ok(await row.getByRole('button', { name: 'Copy the name of the record for acme-e2e.test' }).isVisible());
    await domains.screenshot({ path: screenshotPath('tenant-profile-domain-pending.png') });
    // Not published yet: the check says so.
    await row.getByRole('button', { name: 'Verify acme-e2e.test' }).click();
    await row.locator('[data-status="failed"]', { hasText: 'Not verified' }).waitFor();
    await row.locator('[part="domain-error"]').waitFor();
    // Published: verified.
    dns = await startDns(dnsPort, [[recordName, recordValue]]);
    await row.getByRole('button', { name: 'Verify acme-e2e.test' }).click();
    await row.locator('[data-status="verified"]', { hasText: 'Verified' }).waitFor();
    await profile.locator('[part~="notice"]', { hasText: 'acme-e2e.test is verified.' }).waitFor();
    const { domains: stored } = await read('/tk/v1/tenant/domains?tenantId=acme');
    assert.equal(stored.find((d) => d.domain === 'acme-e2e.test')?.status, 'verified');
    await page.screenshot({ path: screenshotPath('tenant-profile.png'), fullPage: true });
  } catch (error) {
    await page.screenshot({ path: screenshotPath(`tenant-profile-failed-${Date.now()}.png`), fullPage: true }).catch(() => {});
    throw error;
  } finally {
    await page.close();
  }
});
