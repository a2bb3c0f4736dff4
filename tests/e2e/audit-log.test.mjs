// A tenant admin reads the audit log on the demo site like a person would: creates and disables a
// user in the Users tab, opens the Audit log tab, finds both events there (named by login id),
// narrows the list to one action, expands the event to read its details, and exports the filtered
// events as CSV. Each step is checked on the page; the export is read from the downloaded file.
// Then, with 10,000 newer events recorded by the product, a search of two characters says it
// looked through the newest 10,000 only, and a third character finds the older event.
// A role the product created through the management key names "The product (API)" as the actor.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
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

/** Waits until `widget`'s live region announces `text` (it is also shown in a visible notice). */
async function announced(widget, text) {
  await widget.getByRole('status').filter({ hasText: text }).waitFor();
}

test('a change in the Users tab shows up in the Audit log, filtered by action, expanded and exported', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const users = await signInOnDemoSite(page, stack, 'admin@acme.test');
  const loginId = `audit-e2e-${Date.now()}@acme.test`;

  // Make two changes in the user widget: create the user, then disable them.
  await users.getByRole('button', { name: 'Create user' }).click();
  const form = users.getByRole('dialog');
  await form.getByLabel('Login ID', { exact: true }).fill(loginId);
  await form.getByLabel('Email', { exact: true }).fill(loginId);
  await form.getByRole('button', { name: 'Create', exact: true }).click();
  await announced(users, `${loginId} was created.`);
  await users.getByRole('searchbox').fill(loginId);
  await users.getByRole('button', { name: `Actions for ${loginId}` }).click();
  await users.getByRole('menuitem', { name: 'Disable', exact: true }).click();
  await users.getByRole('alertdialog').getByRole('button', { name: 'Disable', exact: true }).click();
  await announced(users, `${loginId} was disabled.`);

  // The Audit log tab shows both events, newest first, with the admin as the actor.
  await page.getByRole('tab', { name: 'Audit log' }).click();
  const audit = page.locator('tenant-audit-log');
  await audit.getByRole('table').waitFor();
  const events = audit.getByRole('row').filter({ hasText: loginId });
  await events.filter({ hasText: 'User created' }).waitFor();
  await events.filter({ hasText: 'User disabled' }).waitFor();
  const newest = audit.locator('tbody tr').first();
  assert.match(await newest.locator('[data-column="action"]').innerText(), /User disabled/);
  assert.equal((await newest.locator('[data-column="actor"]').innerText()).trim(), 'admin@acme.test');
  assert.equal((await newest.locator('[data-column="user"]').innerText()).trim(), loginId);
  await page.screenshot({ path: screenshotPath('audit-log.png'), fullPage: true });

  // Search for the user and keep only the creations: one event is left.
  await audit.getByRole('searchbox').fill(loginId);
  await audit.getByRole('combobox', { name: /^Action/ }).selectOption({ label: 'User created' });
  await audit.getByText('1 event', { exact: true }).waitFor();
  await events.filter({ hasText: 'User disabled' }).waitFor({ state: 'detached' });
  assert.equal(await events.count(), 1);

  // Expand it: the details say what the server recorded, the event's data included.
  const toggle = audit.getByRole('button', { name: /^Details of User created at / });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const details = audit.locator(`#${await toggle.getAttribute('aria-controls')}`);
  await details.getByText('UserCreated', { exact: true }).waitFor();
  const data = details.getByRole('definition');
  await data.filter({ hasText: loginId }).first().waitFor();
  await details.getByText('acme', { exact: true }).waitFor();
  await page.screenshot({ path: screenshotPath('audit-log-details.png'), fullPage: true });

  // Export: the file holds the filtered events.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    audit.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'audit-acme.csv');
  const csv = await readFile(await download.path(), 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  assert.equal(lines.length, 2, `a header and the one creation:\n${csv}`);
  assert.match(lines[1], new RegExp(`,UserCreated,info,admin@acme\\.test,[^,]*,${loginId.replaceAll('.', '\\.')},`));
  await announced(audit, 'Exported 1 event to CSV.');

  assert.deepEqual(pageErrors, []);
});

test('a search of two characters says it looked through the newest 10,000 events only; the product is named as an actor', async () => {
  // An event holding `q9z`, then 10,000 newer ones, recorded as a product's backend records them.
  const record = (action, data) =>
    management(stack, '/v1/mgmt/audit/event', { action, type: 'info', actorId: 'checkout-service', tenantId: 'acme', data });
  await record('OrderFlagged', { code: 'q9z' });
  await new Promise((resolve) => setTimeout(resolve, 20));
  for (let batch = 0; batch < 10_000 / 50; batch += 1) {
    await Promise.all(Array.from({ length: 50 }, (_, n) => record('OrderPlaced', { order: batch * 50 + n })));
  }

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await signInOnDemoSite(page, stack, 'admin@acme.test');
  await page.getByRole('tab', { name: 'Audit log' }).click();
  const audit = page.locator('tenant-audit-log');
  await audit.getByRole('table').waitFor();
  const hint = audit.locator('[part~="short-text-hint"]');

  await audit.getByRole('searchbox').fill('q9');
  await audit.getByText('No events match').waitFor();
  await hint.waitFor();
  assert.match(await hint.innerText(), /only the newest 10,000 events/);
  await page.screenshot({ path: screenshotPath('audit-log-short-text.png'), fullPage: true });

  await audit.getByRole('searchbox').fill('q9z');
  await audit.getByRole('row').filter({ hasText: 'OrderFlagged' }).waitFor();
  await hint.waitFor({ state: 'detached' });
  assert.equal(await audit.locator('tbody tr[part="row"]').count(), 1, 'the one event holding q9z');

  // An event the product caused (a role created in the tenant with the management key) names the
  // product as its actor, not the key's id.
  const productRole = `Product role ${Date.now()}`;
  await management(stack, '/v1/mgmt/role/create', { name: productRole, tenantId: 'acme', description: 'Made by the backend' });
  await audit.getByRole('searchbox').fill(productRole);
  await audit.getByText('1 event', { exact: true }).waitFor();
  const created = audit.locator('tbody tr[part="row"]').filter({ hasText: 'Role created' });
  assert.equal((await created.locator('[data-column="actor"]').innerText()).trim(), 'The product (API)');
  assert.match(await created.locator('[data-column="actor"] span').getAttribute('title'), /^mgmt:/);

  assert.deepEqual(pageErrors, []);
});
