// SSO that signs people in, end to end in Chromium, through two real identity providers on
// loopback: a SAML IdP (PyPI pysaml2, tests/idp/saml-idp.py) and an OpenID provider (npm
// oidc-provider, tests/idp/oidc-provider.mjs), each with a sign-in page that asks for an email.
// Acme's admin configures each in <tenant-sso-setup> (SAML from the IdP's metadata URL, OIDC by
// discovery), with a group-to-role mapping, runs "Test connection" (every check passes, the
// mapping would create the user with the role, nobody is created) and enables it; then a new user signs in on the demo
// site ("Sign in with SSO" -> the IdP -> back with ?code= -> exchange) and lands in Acme with the
// mapped role; after the IdP changes their name, a second sign-in shows the new one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { findUser, launchBrowser, root, screenshotPath, signInOnDemoSite, startStack } from './harness.mjs';

const ROLE = 'Support Agent';
const OIDC_CLIENT = { id: 'tenantkit-e2e', secret: 'e2e-oidc-client-secret' };

let stack;
let browser;
let dir;
let usersFile;
const idps = [];
let saml;
let oidcIssuer;

/** Starts an IdP process; resolves to the rest of its `READY ...` line. */
function startIdp(command, args, env = {}) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  idps.push(child);
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start within 60 s`)), 60_000);
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('READY ')) {
        clearTimeout(timer);
        resolveReady(line.slice('READY '.length));
      }
    });
  });
}

/** The people both IdPs know, with their attributes (read again at every sign-in). */
function setUsers(users) {
  writeFileSync(usersFile, JSON.stringify(users));
}

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  dir = mkdtempSync(join(tmpdir(), 'tenantkit-e2e-idp-'));
  usersFile = join(dir, 'users.json');
  setUsers({
    'ada@saml.acme.test': { given_name: 'Ada', family_name: 'Lovelace', name: 'Ada Lovelace', groups: ['engineers'] },
    'lin@oidc.acme.test': { given_name: 'Lin', family_name: 'Chen', name: 'Lin Chen', groups: ['engineers'] },
  });
  const python = process.env.TENANTKIT_PYTHON ?? join(root, 'target', 'python', 'bin', 'python');
  saml = JSON.parse(await startIdp(python, ['tests/idp/saml-idp.py', '--users', usersFile, '--dir', dir, '--trust', `${stack.apiUrl}/`]));
  oidcIssuer = (await startIdp('node', ['tests/idp/oidc-provider.mjs'], {
    CLIENT_ID: OIDC_CLIENT.id,
    CLIENT_SECRET: OIDC_CLIENT.secret,
    REDIRECT_URI_PREFIX: `${stack.apiUrl}/tk/v1/sso/oidc/callback?`,
    USERS_FILE: usersFile,
  })).trim();
});

after(async () => {
  for (const child of idps) child.kill();
  await browser?.close();
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Opens the SSO tab and waits for the widget to have loaded. */
async function openSso(page) {
  await page.getByRole('tab', { name: 'SSO' }).click();
  const sso = page.locator('tenant-sso-setup');
  await sso.getByRole('button', { name: 'Add configuration' }).waitFor();
  return sso;
}

async function addConfiguration(sso, name) {
  await sso.getByRole('button', { name: 'Add configuration' }).click();
  await sso.getByRole('dialog').getByLabel('Display name').fill(name);
  await sso.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
  await sso.getByText('Step 1 of 5').waitFor();
}

async function next(sso, step) {
  await sso.getByRole('button', { name: 'Next', exact: true }).click();
  await sso.getByText(`Step ${step} of 5`).waitFor();
}

/** Step 4: the claims or attributes the IdP sends, engineers -> ROLE, the email domain. */
async function mapping(sso, domain) {
  await sso.getByLabel('Given name', { exact: true }).fill('given_name');
  await sso.getByLabel('Family name', { exact: true }).fill('family_name');
  await sso.getByLabel('Name', { exact: true }).fill('name');
  await sso.getByLabel('Groups', { exact: true }).fill('groups');
  await sso.getByRole('button', { name: 'Add group mapping' }).click();
  await sso.getByLabel('IdP groups of row 1 (separated by commas)').fill('engineers');
  await sso.getByLabel('Role of row 1').selectOption(ROLE);
  await sso.getByLabel('Email domains').fill(domain);
}

/**
 * Saves on step 5, runs "Test connection" as `email` (the IdP's page opens in a popup; the
 * diagnosis shows in the widget), then enables the configuration named `name`.
 */
async function saveTestAndEnable(page, sso, name, email, screenshot) {
  await sso.getByRole('button', { name: 'Save', exact: true }).click();
  await sso.getByText(`The settings of ${name} were saved.`).first().waitFor();
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    sso.getByRole('button', { name: 'Test connection' }).click(),
  ]);
  await popup.getByRole('heading', { name: /^Test (IdP|OpenID provider)/ }).waitFor({ timeout: 30_000 });
  await popup.getByLabel('Email').fill(email);
  await popup.getByRole('button', { name: 'Sign in', exact: true }).click();
  await popup.getByText('Test connection finished: every check passed').waitFor({ timeout: 30_000 });
  await popup.close();
  const result = sso.locator('[part~="test-result"]');
  await result.getByRole('heading', { name: 'Every check passed' }).waitFor({ timeout: 30_000 });
  const checks = await result.locator('[part~="checklist"] li').allInnerTexts();
  assert.ok(checks.length >= 5, `the checks: ${checks}`);
  assert.ok(checks.every((check) => check.includes(': Passed')), `the checks: ${checks}`);
  const facts = await result.innerText();
  assert.ok(facts.includes(`Create the user ${email}`), facts);
  assert.ok(facts.includes(ROLE), facts);
  if (screenshot) await page.screenshot({ path: screenshotPath(screenshot), fullPage: true });
  assert.equal(await findUser(stack, email), null, 'a test creates no user');
  await sso.getByRole('button', { name: 'Enable now' }).click();
  await sso
    .locator('tbody tr')
    .filter({ has: page.locator('th[data-column="name"]', { hasText: name }) })
    .locator('[data-column="status"]')
    .filter({ hasText: 'Enabled' })
    .waitFor();
}

/**
 * A person on the demo site: "Sign in with SSO" with their email, the IdP's sign-in page, back on
 * the demo site signed in. Returns the facts the page shows.
 */
async function signInWithSso(email, screenshot) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(stack.siteUrl);
  await page.getByLabel('Work email or tenant ID').fill(email);
  try {
    await page.getByRole('button', { name: 'Sign in with SSO' }).click();
    // The identity provider's own page (another origin).
    await page.getByRole('heading', { name: /^Test (IdP|OpenID provider)/ }).waitFor({ timeout: 30_000 });
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('region', { name: 'Signed in with SSO' }).waitFor({ timeout: 30_000 });
  } catch (error) {
    const shown = await page.locator('body').innerText().catch(() => '(no page text)');
    await page.screenshot({ path: screenshotPath(`sso-signin-failed-${Date.now()}.png`), fullPage: true }).catch(() => {});
    throw new Error(`signing in as ${email} through SSO ended on ${page.url()}:\n${shown}`, { cause: error });
  }
  assert.equal(new URL(page.url()).search, '', 'the one-time code left the address bar');
  if (screenshot) await page.screenshot({ path: screenshotPath(screenshot), fullPage: true });
  const fact = async (id) => (await page.locator(`#${id}`).textContent()).trim();
  const facts = {
    user: await fact('sso-user'),
    name: await fact('sso-name'),
    method: await fact('sso-method'),
    tenant: await fact('sso-tenant-name'),
    roles: await fact('sso-roles'),
  };
  assert.deepEqual(pageErrors, []);
  await context.close();
  return facts;
}

test('an admin sets up SAML (pysaml2) in the widget; a new user signs in through it with the mapped role, and again after a change', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await signInOnDemoSite(page, stack, 'admin@acme.test');
  const sso = await openSso(page);
  const name = 'Acme SAML (pysaml2)';

  await addConfiguration(sso, name);
  await sso.getByLabel('Other SAML 2.0 provider').check();
  await next(sso, 2);
  await next(sso, 3);
  await sso.getByLabel('Metadata URL', { exact: true }).check();
  await sso.getByLabel('IdP metadata URL').fill(saml.metadataUrl);
  await sso.getByRole('button', { name: 'Fetch and preview' }).click();
  await sso.getByText('CN=TenantKit test IdP (pysaml2)').first().waitFor();
  await sso.getByText(saml.entityId).first().waitFor();
  await next(sso, 4);
  await mapping(sso, 'saml.acme.test');
  await next(sso, 5);
  await saveTestAndEnable(page, sso, name, 'ada@saml.acme.test', 'sso-test-connection-saml.png');
  await page.screenshot({ path: screenshotPath('sso-signin-saml-configured.png'), fullPage: true });
  assert.deepEqual(pageErrors, []);
  await page.close();

  const first = await signInWithSso('ada@saml.acme.test', 'sso-signin-saml-signed-in.png');
  assert.deepEqual(first, { user: 'ada@saml.acme.test', name: 'Ada Lovelace', method: 'SAML', tenant: 'Acme Corp', roles: ROLE });
  const user = await findUser(stack, 'ada@saml.acme.test');
  assert.equal(user.familyName, 'Lovelace');
  assert.deepEqual(user.userTenants.map((t) => [t.tenantId, t.roleNames]), [['acme', [ROLE]]]);

  setUsers({
    'ada@saml.acme.test': { given_name: 'Augusta', family_name: 'King', name: 'Augusta Ada King', groups: ['engineers'] },
    'lin@oidc.acme.test': { given_name: 'Lin', family_name: 'Chen', name: 'Lin Chen', groups: ['engineers'] },
  });
  const second = await signInWithSso('ada@saml.acme.test');
  assert.equal(second.name, 'Augusta Ada King');
  assert.equal(second.roles, ROLE);
  assert.equal((await findUser(stack, 'ada@saml.acme.test')).familyName, 'King');
});

test('an admin sets up OIDC (oidc-provider) in the widget; a new user signs in through it with the mapped role, and again after a change', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await signInOnDemoSite(page, stack, 'admin@acme.test');
  const sso = await openSso(page);
  const name = 'Acme OIDC (oidc-provider)';

  await addConfiguration(sso, name);
  await sso.getByLabel('OpenID Connect provider').check();
  await next(sso, 2);
  await next(sso, 3);
  await sso.getByLabel('Provider name').fill('oidc-provider');
  await sso.getByLabel('Issuer URL').fill(oidcIssuer);
  await sso.getByRole('button', { name: 'Discover endpoints' }).click();
  await sso.getByText('The endpoints were filled in from the discovery document.').waitFor();
  await sso.getByLabel('Client ID').fill(OIDC_CLIENT.id);
  await sso.getByLabel('Client secret').fill(OIDC_CLIENT.secret);
  await sso.getByLabel('Scopes (separated by spaces)').fill('openid email profile groups');
  await next(sso, 4);
  await mapping(sso, 'oidc.acme.test');
  await next(sso, 5);
  await saveTestAndEnable(page, sso, name, 'lin@oidc.acme.test', 'sso-test-connection-oidc.png');
  assert.deepEqual(pageErrors, []);
  await page.close();

  const first = await signInWithSso('lin@oidc.acme.test', 'sso-signin-oidc-signed-in.png');
  assert.deepEqual(first, { user: 'lin@oidc.acme.test', name: 'Lin Chen', method: 'OIDC', tenant: 'Acme Corp', roles: ROLE });

  setUsers({
    'ada@saml.acme.test': { given_name: 'Augusta', family_name: 'King', name: 'Augusta Ada King', groups: ['engineers'] },
    'lin@oidc.acme.test': { given_name: 'Lin', family_name: 'Chen-Wu', name: 'Lin Chen-Wu', groups: [] },
  });
  const second = await signInWithSso('lin@oidc.acme.test');
  assert.equal(second.name, 'Lin Chen-Wu');
  assert.equal(second.roles, 'none', 'the role the dropped group gave is taken away');
  assert.equal((await findUser(stack, 'lin@oidc.acme.test')).familyName, 'Chen-Wu');
});
