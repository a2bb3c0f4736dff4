// An invitation from start to finish, as people would do it: the tenant admin invites a user in
// the widget, the invitation email appears in the demo's outbox, the invited user opens its
// link, sets a password on the server's page, and can then sign in.
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

test('an invited user accepts through the emailed link and signs in', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const widget = await signInOnDemoSite(page, stack, 'admin@acme.test');
  const loginId = `invited-${Date.now()}@acme.test`;

  await widget.getByRole('button', { name: 'Create user' }).click();
  const form = widget.getByRole('dialog');
  await form.getByLabel('Login ID', { exact: true }).fill(loginId);
  await form.getByLabel('Email', { exact: true }).fill(loginId);
  await form.getByRole('checkbox', { name: 'Send an invitation by email' }).check();
  await form.getByRole('button', { name: 'Create', exact: true }).click();
  await widget.getByRole('status').filter({ hasText: `${loginId} was created.` }).waitFor();
  assert.equal((await findUser(stack, loginId)).status, 'invited');

  // The demo page shows the outbox; the email holds the one-time link.
  await page.getByText('Outbox: the emails the demo server sent').click();
  const email = page.locator('#outbox li', { hasText: `To ${loginId}` });
  await email.waitFor();
  await page.screenshot({ path: screenshotPath('invitation-outbox.png'), fullPage: true });
  const link = await email.getByRole('link').getAttribute('href');
  assert.match(link, /\/tk\/invite\?token=[\w-]{43}$/);

  // The invited user's side: the server's own page.
  const invitee = await browser.newPage();
  await invitee.goto(link);
  await invitee.getByLabel('New password').fill('invited-password');
  await invitee.getByLabel('Repeat the password').fill('invited-password');
  await invitee.getByRole('button', { name: 'Set password' }).click();
  await invitee.getByRole('heading', { name: 'You are all set' }).waitFor();
  await invitee.screenshot({ path: screenshotPath('invitation-accepted.png') });

  const signIn = await fetch(`${stack.apiUrl}/v1/auth/password/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${stack.projectId}` },
    body: JSON.stringify({ loginId, password: 'invited-password' }),
  });
  assert.equal(signIn.status, 200, 'the invited user signs in with the new password');
  assert.equal((await findUser(stack, loginId)).status, 'enabled');

  // The link is spent.
  await invitee.goto(link);
  await invitee.getByLabel('New password').fill('another-password');
  await invitee.getByLabel('Repeat the password').fill('another-password');
  await invitee.getByRole('button', { name: 'Set password' }).click();
  await invitee.getByRole('alert').filter({ hasText: 'not valid' }).waitFor();

  assert.deepEqual(pageErrors, []);
});
