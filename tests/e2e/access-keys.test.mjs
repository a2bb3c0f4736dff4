// A tenant admin manages access keys on the demo site like a person would: creates a key in
// <tenant-access-key-management> (a permitted address typed wrong first, and corrected after the
// form says why), copies the secret from the dialog that shows it once, and a machine exchanges
// that secret for a session JWT. The admin then deactivates the key in the widget, and the same
// exchange is refused. Each step is checked on the page and against the server itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, management, screenshotPath, signInOnDemoSite, startStack } from './harness.mjs';

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

/** Exchanges an access key's cleartext for a session JWT, as a machine using the key would. */
async function exchange(cleartext) {
  const response = await fetch(`${stack.apiUrl}/v1/auth/accesskey/exchange`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${stack.projectId}:${cleartext}` },
    body: JSON.stringify({ loginOptions: {} }),
  });
  return { status: response.status, body: await response.json() };
}

/** The claims of a JWT (not verified: the server that signed it is the one under test). */
function claimsOf(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

/** Waits until `widget`'s live region announces `text` (it is also shown in a visible notice). */
async function announced(widget, text) {
  await widget.getByRole('status').filter({ hasText: text }).waitFor();
}

test('create a key, copy its secret once, exchange it for a JWT; deactivated, the exchange is refused', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.siteUrl });
  await signInOnDemoSite(page, stack, 'admin@acme.test');
  const name = `Nightly export ${Date.now()}`;

  await page.getByRole('tab', { name: 'Access keys' }).click();
  const keys = page.locator('tenant-access-key-management');
  await keys.getByText('No access keys yet').or(keys.getByRole('table')).first().waitFor();

  // Create: the permitted address is checked as it is typed, with the server's own rules.
  await keys.getByRole('button', { name: 'Create access key' }).click();
  const form = keys.getByRole('dialog', { name: 'Create access key' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Description', { exact: true }).fill('Uploads the nightly usage export');
  await form.getByLabel('Expires', { exact: true }).selectOption({ label: 'In 30 days' });
  await form.getByLabel('Support Agent', { exact: true }).check();
  const addresses = form.getByLabel('Permitted IPs', { exact: true });
  await addresses.fill('127.0.0.1\n10.0.0.1/8');
  await form.getByText('did you mean 10.0.0.0/8?').waitFor();
  assert.equal(await addresses.getAttribute('aria-invalid'), 'true');
  await addresses.fill('127.0.0.1\n10.0.0.0/8');
  await form.getByText('2 valid').waitFor();
  assert.equal(await addresses.getAttribute('aria-invalid'), 'false');
  await form.getByRole('button', { name: 'Create', exact: true }).click();

  // The secret, once, with a copy button and the warning that closing loses it.
  const reveal = keys.getByRole('dialog', { name: 'Access key created' });
  await reveal.waitFor();
  await reveal.getByText('gone for good').waitFor();
  const shown = (await reveal.getByLabel('Access key secret').textContent()).trim();
  assert.match(shown, /^tk_K[A-Za-z0-9]+_/);
  await page.screenshot({ path: screenshotPath('access-key-secret.png') });
  await reveal.getByRole('button', { name: 'Copy' }).click();
  await reveal.getByText('Copied to the clipboard.').waitFor();
  const cleartext = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(cleartext, shown, 'the clipboard holds the secret the dialog shows');
  await reveal.getByRole('button', { name: 'Done' }).click();
  await reveal.waitFor({ state: 'detached' });
  assert.equal(await keys.getByText(cleartext).count(), 0, 'the secret is gone from the page');
  await announced(keys, `The access key ${name} was created.`);

  const row = keys.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
  await row.getByText('Active', { exact: true }).waitFor();
  await row.getByText('Support Agent').waitFor();
  await row.getByText('10.0.0.0/8').waitFor();
  await page.screenshot({ path: screenshotPath('access-keys-tab.png') });

  // A machine exchanges the key for a session JWT with the key's grants.
  const exchanged = await exchange(cleartext);
  assert.equal(exchanged.status, 200, JSON.stringify(exchanged.body));
  const claims = claimsOf(exchanged.body.sessionJwt);
  assert.equal(claims.sub, exchanged.body.keyId);
  assert.ok(cleartext.startsWith(`tk_${exchanged.body.keyId}_`));
  assert.deepEqual(claims.tenants.acme.roles, ['Support Agent']);
  const { key } = await management(stack, '/v1/mgmt/accesskey/search', { text: name }).then((r) => ({ key: r.keys[0] }));
  assert.equal(key.id, exchanged.body.keyId);
  assert.equal(key.status, 'active');

  // Deactivated in the widget (confirmed first), the key is refused.
  await keys.getByRole('button', { name: `Actions for ${name}` }).click();
  await keys.getByRole('menuitem', { name: 'Deactivate' }).click();
  const confirm = keys.getByRole('alertdialog');
  await confirm.getByText(`Deactivate ${name}?`).waitFor();
  await confirm.getByRole('button', { name: 'Deactivate' }).click();
  await announced(keys, `The access key ${name} was deactivated.`);
  await row.getByText('Inactive', { exact: true }).waitFor();
  const refused = await exchange(cleartext);
  assert.equal(refused.status, 401);
  assert.equal(refused.body.errorMessage, 'The access key is inactive');
  const after = await management(stack, '/v1/mgmt/accesskey/search', { text: name });
  assert.equal(after.keys[0].status, 'inactive');

  // A key the product's backend made with the management key names the product as its creator,
  // not the management key's id.
  const productKey = `Billing sync ${Date.now()}`;
  await management(stack, '/v1/mgmt/accesskey/create', { name: productKey, keyTenants: [{ tenantId: 'acme', roleNames: [] }] });
  await keys.getByRole('searchbox').fill(productKey);
  const productRow = keys.getByRole('row').filter({ has: page.getByRole('rowheader', { name: productKey }) });
  await productRow.waitFor();
  assert.equal((await productRow.locator('[data-column="created-by"]').innerText()).trim(), 'The product (API)');
  assert.match(await productRow.locator('[data-column="created-by"]').getAttribute('title'), /^mgmt:/);
  await page.screenshot({ path: screenshotPath('access-keys-by-product.png') });

  assert.deepEqual(pageErrors, []);
  await context.close();
});
