// A tenant admin changes their tenant's own settings on the demo site like a person would, in the
// "Tenant settings" tab (<tenant-profile>): renames the tenant (the page's heading follows) and sets
// its custom attributes (defined by the product with the management key), turns
// on the tenant's session settings (a lifetime the rules refuse is flagged in the browser before
// anything is sent), sets a password policy (a tried password shows the rules it breaks; a number
// the rules refuse is flagged), and adds a domain, finds the DNS TXT record to publish, publishes
// it on a real DNS server (dnsmasq on loopback, the server's `--dns-resolver`) and verifies it.
// Each outcome is checked on the page and against the server with the management key.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freeUdpPort, startDns } from './dns.mjs';
import { launchBrowser, management, screenshotPath, signInOnDemoSite, startStack } from './harness.mjs';

let stack;
let browser;
let dnsPort;
let dns;

before(async () => {
  dnsPort = await freeUdpPort();
  stack = await startStack({ serverArgs: ['--dns-resolver', `127.0.0.1:${dnsPort}`] });
  browser = await launchBrowser();
});

after(async () => {
  await dns?.stop();
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

test('a tenant admin renames the tenant, sets its attributes, session and password policy, and proves a domain', async () => {
  // The product defines the tenants' custom attributes.
  await management(stack, '/tk/v1/tenant/customattributes/create', {
    attributes: [
      { name: 'region', type: 1, displayName: 'Region' },
      { name: 'tier', type: 4, options: ['silver', 'gold'], displayName: 'Support tier' },
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  try {
    await signInOnDemoSite(page, stack, 'admin@acme.test');
    await page.getByRole('tab', { name: 'Tenant settings' }).click();
    const profile = page.locator('tenant-profile');
    const general = profile.getByRole('region', { name: 'Name and attributes' });
    await general.getByLabel('Tenant name').waitFor();

    // The name and the custom attributes, an input of each attribute's type.
    await general.getByLabel('Tenant name').fill('Acme Industries');
    await general.getByLabel('Region', { exact: true }).fill('eu-west');
    await general.getByLabel('Support tier').selectOption('gold');
    await general.getByRole('button', { name: 'Save' }).click();
    await profile.locator('[part~="notice"]', { hasText: 'Saved the name and attributes of Acme Industries.' }).waitFor();
    await page.locator('#tenant-name', { hasText: 'Acme Industries' }).waitFor();
    const tenant = await read('/v1/mgmt/tenant?id=acme');
    assert.equal(tenant.name, 'Acme Industries');
    assert.deepEqual(tenant.customAttributes, { region: 'eu-west', tier: 'gold' });

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
