// A tenant admin sets up single sign-on on the demo site like a person would, in the SSO tab
// (<tenant-sso-setup>): adds a SAML configuration, pastes the IdP's metadata XML (which the server
// reads: XML that is no IdP's metadata gets its reason under the field), sees the
// certificate it holds, saves, reloads the page and finds the saved values again; then adds an
// OIDC configuration whose endpoints are discovered from a discovery document this test serves on
// loopback, saves and enables it. Each outcome is checked on the page and against the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, root, screenshotPath, signInOnDemoSite, startStack } from './harness.mjs';

const fixtures = join(root, 'tests', 'fixtures', 'sso');
const METADATA = readFileSync(join(fixtures, 'idp-metadata.xml'), 'utf8');
const METADATA_ENTITY_ID = 'http://127.0.0.1/test-idp/metadata';

let stack;
let browser;
let idp;
let issuer;

/** A tiny OpenID provider: only its discovery document, on a loopback port. */
function startDiscoveryServer() {
  return new Promise((resolve) => {
    const server = createServer((request, response) => {
      if (request.url !== '/.well-known/openid-configuration') {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({
        issuer,
        authorization_endpoint: `${issuer}/oauth2/authorize`,
        token_endpoint: `${issuer}/oauth2/token`,
        userinfo_endpoint: `${issuer}/oauth2/userinfo`,
        jwks_uri: `${issuer}/oauth2/keys`,
        scopes_supported: ['openid', 'email', 'profile'],
      }));
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  idp = await startDiscoveryServer();
  issuer = `http://127.0.0.1:${idp.address().port}`;
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  idp?.close();
});

/** One configuration as the server has it (management key). */
async function ssoSettings(tenantId, ssoId) {
  const url = `${stack.apiUrl}/v2/mgmt/sso/settings?tenantId=${encodeURIComponent(tenantId)}&ssoId=${encodeURIComponent(ssoId)}`;
  const response = await fetch(url, { headers: { Authorization: `Bearer ${stack.projectId}:${stack.managementKey}` } });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Every configuration of a tenant (management key). */
async function allSsoSettings(tenantId) {
  const url = `${stack.apiUrl}/v2/mgmt/sso/settings/all?tenantId=${encodeURIComponent(tenantId)}`;
  const response = await fetch(url, { headers: { Authorization: `Bearer ${stack.projectId}:${stack.managementKey}` } });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()).SSOSettings;
}

/** Opens the SSO tab and waits for the widget to have loaded. */
async function openSso(page) {
  await page.getByRole('tab', { name: 'SSO' }).click();
  const sso = page.locator('tenant-sso-setup');
  await sso.getByRole('button', { name: 'Add configuration' }).waitFor();
  return sso;
}

/** Adds a configuration named `name` and waits for the wizard's first step. */
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

/** The cell `column` of the configuration named `name` in the overview. */
function cell(page, sso, name, column) {
  return sso
    .locator('tbody tr')
    .filter({ has: page.locator('th[data-column="name"]', { hasText: name }) })
    .locator(`[data-column="${column}"]`);
}

test('configure SAML by pasting metadata XML, see its certificate, save, reload and find the saved values', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await signInOnDemoSite(page, stack, 'admin@acme.test');
  const sso = await openSso(page);
  const name = `Acme SAML ${Date.now()}`;
  const domain = `saml-${Date.now()}.acme.test`;

  await addConfiguration(sso, name);
  await sso.getByLabel('Other SAML 2.0 provider').check();
  await next(sso, 2);
  await sso.getByText('SP entity ID', { exact: true }).waitFor();
  await next(sso, 3);
  await sso.getByLabel('Metadata XML', { exact: true }).check();
  // Nothing pasted yet: Next says what is missing.
  await sso.getByRole('button', { name: 'Next', exact: true }).click();
  await sso.getByText("Paste the IdP's metadata XML or upload its file.").waitFor();
  // XML that is not an IdP's metadata: the server's reason, under the field.
  await sso.getByLabel('IdP metadata XML', { exact: true }).fill('<x/>');
  await sso.getByText(/no IDPSSODescriptor/).waitFor();
  await sso.getByLabel('IdP metadata XML', { exact: true }).fill(METADATA);
  // The certificate inside the metadata, read by the server.
  await sso.getByText('CN=test-idp').first().waitFor();
  await sso.getByText(METADATA_ENTITY_ID).first().waitFor();
  await sso.getByText(/^CA:97:D8:49:FA:4E:DA:08/).waitFor();
  await page.screenshot({ path: screenshotPath('sso-metadata-preview.png'), fullPage: true });
  await next(sso, 4);
  await sso.getByLabel('Email domains').fill(domain);
  await next(sso, 5);
  await sso.getByRole('button', { name: 'Save', exact: true }).click();
  await sso.getByText(`The settings of ${name} were saved.`).first().waitFor();

  const saved = (await allSsoSettings('acme')).find((settings) => settings.displayName === name);
  assert.ok(saved, 'the server has the configuration');
  assert.equal(saved.saml.idpEntityId, METADATA_ENTITY_ID);
  assert.equal(saved.saml.idpSSOUrl, 'https://idp.test-idp.example/sso/saml');
  assert.deepEqual(saved.domains, [domain]);
  assert.equal(saved.idpCertificateInfo?.subject, 'CN=test-idp');

  // Reload the page: the overview and the wizard show what was saved.
  await page.reload();
  const again = await openSso(page);
  await cell(page, again, name, 'status').filter({ hasText: 'Configured, disabled' }).waitFor();
  assert.equal((await cell(page, again, name, 'certificate').textContent()).trim(), 'Valid');
  assert.equal((await cell(page, again, name, 'domains').textContent()).trim(), domain);
  await again.getByRole('button', { name: `Actions for ${name}` }).click();
  await again.getByRole('menuitem', { name: 'Edit' }).click();
  await again.getByText('Step 1 of 5').waitFor();
  await next(again, 2);
  await next(again, 3);
  assert.equal(await again.getByLabel('IdP entity ID (issuer)').inputValue(), METADATA_ENTITY_ID);
  assert.equal(await again.getByLabel('IdP single sign-on URL').inputValue(), 'https://idp.test-idp.example/sso/saml');
  await again.getByText('CN=test-idp').first().waitFor();
  await next(again, 4);
  assert.equal(await again.getByLabel('Email domains').inputValue(), domain);
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test('configure OIDC by discovery from the issuer, save and enable it', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await signInOnDemoSite(page, stack, 'admin@acme.test');
  const sso = await openSso(page);
  const name = `Acme OIDC ${Date.now()}`;
  const domain = `oidc-${Date.now()}.acme.test`;

  await addConfiguration(sso, name);
  await sso.getByLabel('OpenID Connect provider').check();
  await next(sso, 2);
  await sso.getByText('Redirect URI', { exact: true }).waitFor();
  await next(sso, 3);
  await sso.getByLabel('Provider name').fill('Loopback IdP');
  await sso.getByLabel('Issuer URL').fill(issuer);
  await sso.getByRole('button', { name: 'Discover endpoints' }).click();
  await sso.getByText('The endpoints were filled in from the discovery document.').waitFor();
  assert.equal(await sso.getByLabel('Authorization URL').inputValue(), `${issuer}/oauth2/authorize`);
  assert.equal(await sso.getByLabel('Token URL').inputValue(), `${issuer}/oauth2/token`);
  await sso.getByLabel('Client ID').fill('tenantkit-e2e');
  await sso.getByLabel('Client secret').fill('e2e-client-secret');
  await next(sso, 4);
  await sso.getByLabel('Email domains').fill(domain);
  await next(sso, 5);
  await sso.getByRole('button', { name: 'Save', exact: true }).click();
  await sso.getByText(`The settings of ${name} were saved.`).first().waitFor();
  await sso.getByRole('button', { name: 'Enable now' }).click();
  await cell(page, sso, name, 'status').filter({ hasText: 'Enabled' }).waitFor();
  assert.equal((await cell(page, sso, name, 'protocol').textContent()).trim(), 'OIDC');

  const listed = (await allSsoSettings('acme')).find((settings) => settings.displayName === name);
  assert.ok(listed, 'the server has the configuration');
  const saved = await ssoSettings('acme', listed.ssoId);
  assert.equal(saved.authType, 'oidc');
  assert.equal(saved.oidc.issuer, issuer);
  assert.equal(saved.oidc.authUrl, `${issuer}/oauth2/authorize`);
  assert.equal(saved.oidc.clientId, 'tenantkit-e2e');
  assert.equal(saved.oidc.clientSecret, '', 'the secret is never read back');
  assert.deepEqual(pageErrors, []);
  await page.close();
});

/** A management-API POST to the test stack's server; its JSON answer. */
async function manage(path, body) {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${stack.projectId}:${stack.managementKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

test('against a server without TenantKit\'s own routes (as Descope\'s), the overview lists the configurations from settings/all, without testing', async () => {
  // A configured SAML connection and one not configured yet, made through the management API.
  const stamp = Date.now();
  const configured = await manage('/v1/mgmt/sso/settings/new', { tenantId: 'acme', ssoId: '', displayName: `Plain SAML ${stamp}` });
  await manage('/v1/mgmt/sso/saml', {
    tenantId: 'acme',
    ssoId: configured.ssoId,
    settings: {
      idpUrl: 'https://idp.test-idp.example/sso/saml',
      entityId: METADATA_ENTITY_ID,
      idpCert: readFileSync(join(fixtures, 'test-idp.pem'), 'utf8'),
    },
    domains: [`plain-${stamp}.acme.test`],
  });
  await manage('/v1/mgmt/sso/settings/new', { tenantId: 'acme', ssoId: '', displayName: `Plain draft ${stamp}` });

  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Descope's management API has none of TenantKit's /tk/ routes: each answers 404 here, in the
  // browser, while every other request reaches the real server.
  const refused = [];
  await page.route(/\/tk\/v1\//, (route) => {
    refused.push(new URL(route.request().url()).pathname);
    return route.fulfill({
      status: 404,
      contentType: 'application/json',
      body: JSON.stringify({ errorCode: 'E011003', errorDescription: 'Not found', errorMessage: 'Not found' }),
    });
  });
  await signInOnDemoSite(page, stack, 'admin@acme.test');
  const sso = await openSso(page);
  await cell(page, sso, `Plain SAML ${stamp}`, 'status').filter({ hasText: 'Configured, disabled' }).waitFor();
  await cell(page, sso, `Plain draft ${stamp}`, 'status').waitFor();
  assert.ok(refused.includes('/tk/v1/sso/overview'), `the overview was asked first: ${refused}`);

  // Every configuration the server has is listed; there is no activity to show.
  const names = (await allSsoSettings('acme')).map((settings) => settings.displayName || settings.ssoId);
  const shown = await sso.locator('tbody th[data-column="name"]').allTextContents();
  assert.deepEqual(shown.map((name) => name.trim()).sort(), names.sort());
  assert.equal(await sso.locator('[data-column="last-test"]').count(), 0);
  assert.equal(await sso.getByRole('columnheader', { name: 'Last test' }).count(), 0);
  // Testing needs TenantKit's routes: a configured row's menu leaves it out.
  await sso.getByRole('button', { name: `Actions for Plain SAML ${stamp}` }).click();
  await sso.getByRole('menuitem', { name: 'Edit' }).waitFor();
  assert.equal(await sso.getByRole('menuitem', { name: /test/i }).count(), 0);
  await page.screenshot({ path: screenshotPath('sso-without-overview.png'), fullPage: true });
  assert.deepEqual(pageErrors, []);
  await page.close();
});
