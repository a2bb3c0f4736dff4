// The acme admin impersonates a user on the demo site like a person would: opens the user's row
// menu, chooses Impersonate, confirms in the dialog that names the user, and the page receives
// `tk-impersonate` with the user's refresh JWT (its `act.sub` is the admin), trades it for a
// session and says who acts as whom; "Stop impersonating" ends that impersonation only.
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

const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

async function refreshes(jwt) {
  const response = await fetch(`${stack.apiUrl}/v1/auth/refresh`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${stack.projectId}:${jwt}` },
    body: '{}',
  });
  return response.status;
}

test('the admin impersonates a user and the page receives the session', async () => {
  const loginId = `imp-e2e-${Date.now()}@acme.test`;
  const { user } = await management(stack, '/v1/mgmt/user/create', {
    loginId,
    email: loginId,
    name: 'Ines Impersonated',
    userTenants: [{ tenantId: 'acme', roleNames: [] }],
  });
  const admin = await findUser(stack, 'admin@acme.test');

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const users = await signInOnDemoSite(page, stack, 'admin@acme.test');
  // What the page hears, as a product's page would listen.
  await page.evaluate(() => {
    window.impersonations = [];
    document.addEventListener('tk-impersonate', (event) => window.impersonations.push(event.detail));
  });

  // Not offered on the admin's own row (their menu has nothing they may do to themself).
  await users.getByRole('searchbox').fill('admin@acme.test');
  await users.getByRole('button', { name: 'Actions for admin@acme.test' }).click();
  await users.getByRole('menu').waitFor({ state: 'attached' });
  assert.equal(await users.getByRole('menuitem', { name: 'Impersonate' }).count(), 0);
  await users.getByRole('button', { name: 'Actions for admin@acme.test' }).click();

  await users.getByRole('searchbox').fill(loginId);
  await users.getByRole('button', { name: `Actions for ${loginId}` }).click();
  await users.getByRole('menuitem', { name: 'Impersonate', exact: true }).click();
  const confirm = users.getByRole('alertdialog');
  await confirm.getByText(`Impersonate ${loginId}?`).waitFor();
  await confirm.getByRole('button', { name: 'Impersonate', exact: true }).click();

  // The page took over: it says who acts as whom.
  const banner = page.locator('#impersonation');
  await banner.getByText(loginId).waitFor();
  assert.equal((await page.locator('#impersonator').innerText()).trim(), admin.userId);
  const [detail] = await page.evaluate(() => window.impersonations);
  assert.equal(detail.userId, user.userId);
  assert.equal(detail.loginId, loginId);
  const claims = claimsOf(detail.refreshJwt);
  assert.equal(claims.sub, user.userId);
  assert.deepEqual(claims.act, { sub: admin.userId });
  assert.deepEqual(Object.keys(claims.tenants), ['acme']);
  // The token is not printed in the page's event log.
  assert.ok(!(await page.locator('#event-log').innerText()).includes(detail.refreshJwt));
  await page.screenshot({ path: screenshotPath('impersonation.png'), fullPage: true });

  // Stopping ends the impersonation: its token no longer refreshes; the admin's widget goes on.
  assert.equal(await refreshes(detail.refreshJwt), 200);
  await banner.getByRole('button', { name: 'Stop impersonating' }).click();
  await banner.waitFor({ state: 'hidden' });
  assert.equal(await refreshes(detail.refreshJwt), 401);
  await users.getByRole('button', { name: `Actions for ${loginId}` }).waitFor();
  assert.deepEqual(pageErrors, []);
});
