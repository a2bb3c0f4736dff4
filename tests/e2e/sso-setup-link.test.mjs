// A customer's IT admin opens an SSO setup link in Chromium, as they would from an email: the
// product generated it with the management key (Descope's `adminlinks/sso/generate`); the
// server's own page loads the elements package and shows <tenant-sso-setup> for that tenant, on
// the link's secret alone (no account, no sign-in), under the page's strict Content-Security-
// Policy; the IT admin adds a configuration, which the server records as done by the link; the
// links and SCIM sections are not there. Once the link is revoked, the page says so; the page
// opened without a link asks for one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, management, screenshotPath, startStack } from './harness.mjs';

let stack;
let browser;

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

/** GET with the management key. */
async function read(path) {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    headers: { Authorization: `Bearer ${stack.projectId}:${stack.managementKey}` },
  });
  assert.ok(response.ok, `${path}: ${response.status}`);
  return response.json();
}

test('open the link, add a configuration with it, and see it refused once revoked', async () => {
  const { adminSSOConfigurationLink: link } = await management(stack, '/v2/mgmt/tenant/adminlinks/sso/generate', {
    tenantId: 'acme',
    expireTime: 3600,
    email: 'it@acme.test',
  });
  assert.ok(link.startsWith(`${stack.apiUrl}/tk/sso-setup#token=ssolink_`), link);

  const context = await browser.newContext({ viewport: { width: 1280, height: 1100 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text())) problems.push(message.text());
  });
  const requested = [];
  page.on('request', (request) => requested.push(request.url()));
  await page.goto(link);

  const sso = page.locator('tenant-sso-setup');
  await sso.getByRole('button', { name: 'Add configuration' }).waitFor({ timeout: 30_000 });
  assert.equal(await sso.getAttribute('tenant'), 'acme');
  assert.ok(!page.url().includes('token'), `the secret leaves the address bar: ${page.url()}`);
  assert.ok(requested.every((url) => !url.includes('ssolink_')), 'the secret is in no URL the page requests');
  const text = await sso.innerText();
  assert.ok(!text.includes('Send setup link to your IT admin'), 'a link makes no links');
  assert.ok(!text.includes('User provisioning (SCIM)'), 'a link has no SCIM');

  // A change with the link: a new configuration, recorded as the link's.
  const name = `IT Okta ${Date.now()}`;
  await sso.getByRole('button', { name: 'Add configuration' }).click();
  const dialog = sso.getByRole('dialog', { name: 'Add an SSO configuration' });
  await dialog.getByLabel('Display name').fill(name);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await sso.getByText(`The configuration ${name} was added.`).first().waitFor();
  await page.screenshot({ path: screenshotPath('sso-setup-link.png'), fullPage: true });
  const { SSOSettings: settings } = await read('/v2/mgmt/sso/settings/all?tenantId=acme');
  assert.ok(settings.some((config) => config.displayName === name), `${name} was saved`);
  const { audits } = await management(stack, '/v1/mgmt/audit/search', { tenants: ['acme'], limit: 50 });
  assert.ok(
    audits.some((event) => event.actorId === 'SSO setup link (it@acme.test)'),
    'the audit trail names the link',
  );
  assert.deepEqual(problems, [], 'no script errors or CSP refusals');

  // Revoked: the page (reloaded in the same tab, which kept the secret) says so.
  await management(stack, '/v1/mgmt/tenant/adminlinks/sso/revoke', { tenantId: 'acme' });
  await page.reload();
  await page.getByText('This SSO setup link has expired or was revoked').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('tenant-sso-setup').count(), 0);

  // Without a secret (an "authenticated" link, or the address alone): asks for a link.
  const { adminSSOConfigurationLink: authenticated } = await management(stack, '/v1/mgmt/tenant/adminlinks/sso/authenticated', {
    tenantId: 'acme',
  });
  const fresh = await browser.newPage();
  await fresh.goto(authenticated);
  await fresh.getByText('Open the SSO setup link your administrator sent you').waitFor();
  await fresh.close();
  await context.close();
});
