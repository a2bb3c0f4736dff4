// A tenant admin sets up user provisioning (SCIM) on the demo site like a person would, in the SSO
// tab's provisioning section (<tenant-sso-setup>): creates the token and copies it from the dialog
// that shows it once; an identity provider (this test, sending what Okta sends) provisions a user
// and pushes a group; the admin sees the group and the activity, maps the group to a role, and the
// member holds it; the provider deactivates the member, who is disabled at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { findUser, launchBrowser, screenshotPath, signInOnDemoSite, startStack } from './harness.mjs';

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

/** A SCIM request as the identity provider sends it. */
async function scim(baseUrl, token, method, path, body) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json; charset=utf-8' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

test('create the SCIM token, see what the IdP provisions, map its group to a role, deactivate', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await signInOnDemoSite(page, stack, 'admin@acme.test');
  await page.getByRole('tab', { name: 'SSO' }).click();
  const sso = page.locator('tenant-sso-setup');
  const section = sso.getByRole('region', { name: 'User provisioning (SCIM)' });
  await section.getByRole('button', { name: 'Create token' }).waitFor();
  const baseUrl = (await section.locator('[part~="scim-base-url"]').textContent()).trim();
  assert.equal(baseUrl, `${stack.apiUrl}/scim/v2/acme`);

  await section.getByRole('button', { name: 'Create token' }).click();
  const dialog = sso.getByRole('dialog', { name: 'SCIM token' });
  const token = (await dialog.locator('[part~="scim-token"]').textContent()).trim();
  assert.match(token, /^scim_/);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await section.getByText('last used never').waitFor();

  // The identity provider: look the person up, create them, push a group with them in it.
  const login = `grace.${Date.now()}@acme.test`;
  const lookup = await scim(baseUrl, token, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${login}"`)}`);
  assert.equal(lookup.totalResults, 0);
  const user = await scim(baseUrl, token, 'POST', '/Users', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: login,
    name: { givenName: 'Grace', familyName: 'Hopper' },
    emails: [{ primary: true, value: login, type: 'work' }],
    displayName: 'Grace Hopper',
    active: true,
  });
  await scim(baseUrl, token, 'POST', '/Groups', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    displayName: 'Support team',
    members: [{ value: user.id }],
  });

  await page.reload();
  await page.getByRole('tab', { name: 'SSO' }).click();
  await section.getByRole('row', { name: /Support team/ }).waitFor();
  await section.getByText('Group created').waitFor();
  await section.getByRole('button', { name: 'Edit roles of Support team' }).click();
  await section.getByLabel('Support Agent').check();
  await section.getByRole('button', { name: 'Save roles' }).click();
  await section.getByText('Members of Support team now get the roles chosen.').waitFor();
  await section.getByRole('row', { name: /Support team/ }).getByText('Support Agent').waitFor();
  await section.screenshot({ path: screenshotPath('scim-section.png') });

  let provisioned = await findUser(stack, login);
  assert.equal(provisioned.status, 'enabled');
  assert.deepEqual(provisioned.userTenants.map((t) => [t.tenantId, t.roleNames]), [['acme', ['Support Agent']]]);

  // Okta deactivates: the user is disabled at once, and the section shows it.
  await scim(baseUrl, token, 'PATCH', `/Users/${user.id}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'replace', value: { active: false } }],
  });
  provisioned = await findUser(stack, login);
  assert.equal(provisioned.status, 'disabled');
  await page.reload();
  await page.getByRole('tab', { name: 'SSO' }).click();
  await section.getByText('User deactivated').waitFor();
  assert.deepEqual(pageErrors, []);
});
