// A tenant admin manages roles on the demo site like a person would, with both widgets on the page:
// creates a role with two permissions in <tenant-role-management>, gives it to a user in
// <tenant-user-management>, then removes a permission and is shown who loses it before it is saved.
// A second test sets up an admin whose only User Admin comes from a tenant role (with the
// management key, as a product's backend would) and shows that removing it takes two confirmations.
// Each step is checked on the page and against the server's own state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { findUser, launchBrowser, management, screenshotPath, signInOnDemoSite, startStack } from './harness.mjs';

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

/** The role `name` of `tenantId` as the server has it (management key); `null` when there is none. */
async function findRole(tenantId, name) {
  const { roles } = await management(stack, '/v1/mgmt/role/search', { tenantIds: [tenantId], roleNames: [name] });
  return roles.find((role) => role.name === name && role.tenantId === tenantId) ?? null;
}

/** Waits until `widget`'s live region announces `text` (it is also shown in a visible notice). */
async function announced(widget, text) {
  await widget.getByRole('status').filter({ hasText: text }).waitFor();
}

/** Opens the Roles tab and waits for the role table. */
async function openRoles(page) {
  await page.getByRole('tab', { name: 'Roles' }).click();
  const roles = page.locator('tenant-role-management');
  await roles.getByRole('table').waitFor();
  return roles;
}

/** The cell `column` of the role `name` in the role table. */
function roleCell(page, roles, name, column) {
  return roles
    .locator('tbody tr')
    .filter({ has: page.locator('th[data-column="name"]', { hasText: name }) })
    .locator(`[data-column="${column}"]`);
}

test('create a role with two permissions, give it to a user, then remove a permission after seeing the impact', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const users = await signInOnDemoSite(page, stack, 'admin@acme.test');
  const name = `Billing Clerks ${Date.now()}`;
  const holder = 'olivia.brown@acme.test';

  // Create the role in the role widget.
  const roles = await openRoles(page);
  assert.ok(await users.isHidden(), 'one tab at a time');
  await roles.getByRole('button', { name: 'Create role' }).click();
  const form = roles.getByRole('dialog');
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Description', { exact: true }).fill('Reads and changes the billing');
  await form.getByLabel('Billing Read', { exact: true }).check();
  await form.getByLabel('Billing Write', { exact: true }).check();
  await form.getByText('2 of 6 selected').waitFor();
  await page.screenshot({ path: screenshotPath('role-create-dialog.png') });
  await form.getByRole('button', { name: 'Create', exact: true }).click();
  await announced(roles, `The role ${name} was created.`);
  const created = await findRole('acme', name);
  assert.deepEqual(created?.permissionNames, ['Billing Read', 'Billing Write']);
  await roleCell(page, roles, name, 'holders').filter({ hasText: '0 users · 0 keys' }).waitFor();

  // Give it to a user in the user widget on the same page.
  await page.getByRole('tab', { name: 'Users' }).click();
  await users.getByRole('searchbox').fill(holder);
  await users.getByRole('button', { name: `Actions for ${holder}` }).click();
  await users.getByRole('menuitem', { name: 'Edit', exact: true }).click();
  const edit = users.getByRole('dialog');
  await edit.getByLabel(name, { exact: true }).check();
  await edit.getByRole('button', { name: 'Save', exact: true }).click();
  // A change of roles is confirmed with its impact first.
  const impact = users.getByRole('alertdialog', { name: 'Change roles?' });
  await impact.getByText(`1 user gains ${name}`).waitFor();
  await impact.getByRole('button', { name: 'Save', exact: true }).click();
  await announced(users, `${holder} was saved.`);
  const user = await findUser(stack, holder);
  assert.ok(user.userTenants.find((t) => t.tenantId === 'acme').roleNames.includes(name), 'the user holds the role');

  // Back in the role widget, the page's refresh() brought the holder count up to date.
  await openRoles(page);
  await roleCell(page, roles, name, 'holders').filter({ hasText: '1 user · 0 keys' }).waitFor();
  await page.screenshot({ path: screenshotPath('role-list-acme.png'), fullPage: true });

  // Remove a permission: the impact comes first, and nothing changes before the confirmation.
  await roles.getByRole('button', { name: `Actions for ${name}` }).click();
  await roles.getByRole('menuitem', { name: 'Edit', exact: true }).click();
  await roles.getByRole('dialog').getByLabel('Billing Write', { exact: true }).uncheck();
  await roles.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click();
  const confirm = roles.getByRole('alertdialog', { name: `Save the changes to ${name}?` });
  await confirm.getByText('1 user and 0 access keys will lose: Billing Write').waitFor();
  await page.screenshot({ path: screenshotPath('role-impact.png') });
  assert.deepEqual((await findRole('acme', name)).permissionNames, ['Billing Read', 'Billing Write']);
  await confirm.getByRole('button', { name: 'Save changes' }).click();
  await announced(roles, `The role ${name} was saved.`);
  assert.deepEqual((await findRole('acme', name)).permissionNames, ['Billing Read']);
  await roleCell(page, roles, name, 'permissions').filter({ hasNotText: 'Billing Write' }).waitFor();

  assert.deepEqual(pageErrors, []);
});

test('taking away your own last User Admin takes a second confirmation', async () => {
  // Globex's admin holds User Admin only through a tenant role of their own.
  const role = `Globex Admins ${Date.now()}`;
  await management(stack, '/v1/mgmt/role/create', {
    name: role, description: 'The admins of Globex', tenantId: 'globex', permissionNames: ['User Admin', 'Reports View'],
  });
  await management(stack, '/v1/mgmt/user/update/role/set', { loginId: 'admin@globex.test', tenantId: 'globex', roleNames: [role] });

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await signInOnDemoSite(page, stack, 'admin@globex.test');
  const roles = await openRoles(page);
  await roles.getByRole('searchbox').fill(role);
  await roles.getByRole('button', { name: `Actions for ${role}` }).click();
  await roles.getByRole('menuitem', { name: 'Edit', exact: true }).click();
  await roles.getByRole('dialog').getByLabel('User Admin', { exact: true }).uncheck();
  await roles.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click();

  // First confirmation: the impact and the warning.
  const first = roles.getByRole('alertdialog', { name: `Save the changes to ${role}?` });
  await first.getByText('1 user and 0 access keys will lose: User Admin').waitFor();
  await first.getByText('You hold User Admin in this tenant only through this role').waitFor();
  await first.getByRole('button', { name: 'Save changes' }).click();

  // Second confirmation; Cancel keeps everything as it was.
  const second = roles.getByRole('alertdialog', { name: 'Remove your own User Admin?' });
  await second.waitFor();
  // The search typed just before the menu was opened still took effect behind the dialogs.
  await roles.locator('[part="count"]').filter({ hasText: /^1 role$/ }).waitFor();
  await page.screenshot({ path: screenshotPath('role-own-user-admin.png') });
  await second.getByRole('button', { name: 'Cancel' }).click();
  await second.waitFor({ state: 'detached' });
  assert.deepEqual((await findRole('globex', role)).permissionNames, ['Reports View', 'User Admin']);

  // Confirming twice goes through: the server took User Admin away, so the widget can no longer
  // list the roles and says why.
  await roles.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click();
  await first.getByRole('button', { name: 'Save changes' }).click();
  await second.getByRole('button', { name: 'Remove my User Admin' }).click();
  await roles.getByText('Could not load roles').waitFor();
  assert.deepEqual((await findRole('globex', role)).permissionNames, ['Reports View']);
  assert.deepEqual(pageErrors, []);
});
