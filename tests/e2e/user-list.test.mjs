// A tenant admin signs in on the demo site and sees their tenant's users, and none of another
// tenant's, rendered by <tenant-user-management> from the release wasm bundle.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, launchBrowser, loginIdsOfTenant, screenshotPath, startStack } from './harness.mjs';

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

test('the admin of Acme sees all of Acme\'s users and none of Globex\'s', async () => {
  const acme = await loginIdsOfTenant(stack, 'acme');
  const globex = await loginIdsOfTenant(stack, 'globex');
  const globexOnly = [...globex].filter((id) => !acme.has(id));
  assert.ok(acme.size >= 30, `demo data should give Acme at least 30 users, got ${acme.size}`);
  assert.ok(globexOnly.length >= 10, 'demo data should give Globex users of its own');

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(stack.siteUrl);
  await page.getByLabel('Login ID').fill('admin@acme.test');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();

  const widget = page.locator('tenant-user-management');
  const table = widget.getByRole('table');
  await table.waitFor({ timeout: 30_000 });
  const rendered = new Set(
    (await widget.locator('tbody tr td[data-column="login-id"]').allTextContents()).map((text) => text.trim()),
  );

  assert.deepEqual([...rendered].sort(), [...acme].sort());
  for (const id of globexOnly) assert.ok(!rendered.has(id), `Globex user ${id} must not be shown to Acme's admin`);

  const path = screenshotPath('user-list-acme.png');
  await page.screenshot({ path, fullPage: true });
  console.log(`screenshot: ${path}`);

  // Searching by a Globex user's exact login id finds nobody: the server, not the page, filters.
  await widget.getByRole('searchbox').fill(globexOnly[0]);
  await widget.getByText('No users match').waitFor({ timeout: 10_000 });
  assert.equal(await widget.locator('tbody tr td[data-column="login-id"]').count(), 0);

  // The start of an Acme user's login id finds that user, and only Acme's users.
  const acmeOnly = [...acme].find((id) => !globex.has(id));
  const part = acmeOnly.slice(0, 4);
  await widget.getByRole('searchbox').fill(part);
  await widget.locator('tbody tr td[data-column="login-id"]', { hasText: acmeOnly }).waitFor({ timeout: 10_000 });
  const found = (await widget.locator('tbody tr td[data-column="login-id"]').allTextContents()).map((text) => text.trim());
  assert.ok(found.includes(acmeOnly) && found.every((id) => acme.has(id)), `${part}: ${found}`);
  assert.deepEqual(pageErrors, []);
});
