// A tenant admin manages a user from the demo site like a person would: creates them, finds them
// with the search box, disables, enables and deletes them. Each step is checked on the page and
// against the server's own state (with the management key).
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

/** Waits until the widget's live region announces `text` (it is also shown in a visible notice). */
async function announced(widget, text) {
  await widget.getByRole('status').filter({ hasText: text }).waitFor();
}

/**
 * Chooses `item` in the row menu of `loginId`, then confirms with the dialog's `confirm` button
 * (`null`: the action takes nothing away and runs without a confirmation).
 */
async function rowAction(widget, loginId, item, confirm = item) {
  await widget.getByRole('button', { name: `Actions for ${loginId}` }).click();
  await widget.getByRole('menuitem', { name: item, exact: true }).click();
  if (confirm === null) return;
  const dialog = widget.getByRole('alertdialog');
  await dialog.getByRole('button', { name: confirm, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

test('create, search, disable, enable and delete a user from the user widget', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const widget = await signInOnDemoSite(page, stack, 'admin@acme.test');
  const loginId = `e2e-${Date.now()}@acme.test`;

  // Create.
  await widget.getByRole('button', { name: 'Create user' }).click();
  const form = widget.getByRole('dialog');
  await form.getByLabel('Login ID', { exact: true }).fill(loginId);
  await form.getByLabel('Email', { exact: true }).fill(loginId);
  await form.getByLabel('Name', { exact: true }).fill('Erin End-to-End');
  await page.screenshot({ path: screenshotPath('user-create-dialog.png') });
  await form.getByRole('button', { name: 'Create', exact: true }).click();
  await announced(widget, `${loginId} was created.`);
  const created = await findUser(stack, loginId);
  assert.ok(created, 'the server has the new user');
  assert.equal(created.name, 'Erin End-to-End');
  assert.deepEqual(created.userTenants.map((t) => t.tenantId), ['acme'], 'created in the admin\'s tenant only');

  // Search narrows the table to the new user.
  await widget.getByRole('searchbox').fill(loginId);
  const loginCells = widget.locator('tbody td[data-column="login-id"]');
  await page.waitForFunction(
    ([id]) => {
      const cells = [...document.querySelector('tenant-user-management').shadowRoot
        .querySelectorAll('tbody td[data-column="login-id"]')];
      return cells.length === 1 && cells[0].textContent.trim() === id;
    },
    [loginId],
  );
  assert.deepEqual((await loginCells.allTextContents()).map((t) => t.trim()), [loginId]);
  const status = widget.locator('tbody td[data-column="status"]');

  // Disable, then enable.
  await rowAction(widget, loginId, 'Disable');
  await announced(widget, `${loginId} was disabled.`);
  await status.getByText('Disabled').waitFor();
  assert.equal((await findUser(stack, loginId)).status, 'disabled');

  await rowAction(widget, loginId, 'Enable', null);
  await announced(widget, `${loginId} was enabled.`);
  await status.getByText('Enabled').waitFor();
  assert.equal((await findUser(stack, loginId)).status, 'enabled');

  // Delete: gone from the page and from the server.
  await rowAction(widget, loginId, 'Delete');
  await announced(widget, `${loginId} was deleted.`);
  await widget.getByText('No users match').waitFor();
  assert.equal(await findUser(stack, loginId), null);

  assert.deepEqual(pageErrors, []);
  await page.screenshot({ path: screenshotPath('user-deleted.png'), fullPage: true });
});
