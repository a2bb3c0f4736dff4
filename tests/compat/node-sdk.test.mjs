// Descope's own Node SDK (npm @descope/node-sdk, a client nobody here wrote) against our server:
// configured only with the server's project id, base URL and a management key, its calls must
// succeed and return what its types promise.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import DescopeClient from '@descope/node-sdk';
import { startStack } from '../e2e/harness.mjs';

let stack;
let descope;

before(async () => {
  stack = await startStack();
  descope = DescopeClient({ projectId: stack.projectId, baseUrl: stack.apiUrl, managementKey: stack.managementKey });
});

after(async () => {
  await stack?.stop();
});

/** The data of an SDK response, failing the test with the server's error when it is not ok. */
function data(response, what) {
  assert.ok(response.ok, `${what}: ${JSON.stringify(response.error)}`);
  return response.data;
}

test('users: create, load, search, update, patch, status, roles, tenants, delete', async () => {
  const user = descope.management.user;
  const loginId = `sdk-${Date.now()}@acme.test`;

  const created = data(
    await user.create(loginId, {
      email: loginId,
      displayName: 'Sam Sdk',
      userTenants: [{ tenantId: 'acme', roleNames: ['Support Agent'] }],
    }),
    'user.create',
  );
  assert.deepEqual(created.loginIds, [loginId]);
  assert.equal(created.email, loginId);
  assert.equal(created.name, 'Sam Sdk');
  assert.equal(created.status, 'enabled');
  assert.match(created.userId, /\S/);
  assert.deepEqual(
    created.userTenants.map((t) => [t.tenantId, t.roleNames]),
    [['acme', ['Support Agent']]],
  );

  const loaded = data(await user.load(loginId), 'user.load');
  assert.equal(loaded.userId, created.userId);
  const byId = data(await user.loadByUserId(created.userId), 'user.loadByUserId');
  assert.deepEqual(byId.loginIds, [loginId]);

  const found = data(await user.search({ tenantIds: ['acme'], text: loginId, limit: 10, page: 0 }), 'user.search');
  // `search` (v2) answers `{users, total}`; `searchAll` only the users.
  assert.deepEqual(found.users.map((u) => u.loginIds[0]), [loginId]);
  assert.equal(found.total, 1);
  const all = data(await user.searchAll(['acme'], undefined, 5, 0), 'user.searchAll');
  assert.equal(all.length, 5, 'limit is honoured');

  const updated = data(
    await user.update(loginId, { email: loginId, displayName: 'Samantha Sdk', userTenants: [{ tenantId: 'acme', roleNames: [] }] }),
    'user.update',
  );
  assert.equal(updated.name, 'Samantha Sdk');

  const patched = data(await user.patch(loginId, { givenName: 'Samantha' }), 'user.patch');
  assert.equal(patched.givenName, 'Samantha');
  assert.equal(patched.name, 'Samantha Sdk', 'patch leaves other fields alone');

  assert.equal(data(await user.deactivate(loginId), 'user.deactivate').status, 'disabled');
  assert.equal(data(await user.activate(loginId), 'user.activate').status, 'enabled');

  const withRole = data(await user.addTenantRoles(loginId, 'acme', ['Tenant Admin']), 'user.addTenantRoles');
  assert.deepEqual(withRole.userTenants.find((t) => t.tenantId === 'acme').roleNames, ['Tenant Admin']);
  const withoutRole = data(await user.removeTenantRoles(loginId, 'acme', ['Tenant Admin']), 'user.removeTenantRoles');
  assert.deepEqual(withoutRole.userTenants.find((t) => t.tenantId === 'acme').roleNames, []);

  const inGlobex = data(await user.addTenant(loginId, 'globex'), 'user.addTenant');
  assert.deepEqual(inGlobex.userTenants.map((t) => t.tenantId).sort(), ['acme', 'globex']);
  const outOfGlobex = data(await user.removeTenant(loginId, 'globex'), 'user.removeTenant');
  assert.deepEqual(outOfGlobex.userTenants.map((t) => t.tenantId), ['acme']);

  data(await user.setTemporaryPassword(loginId, 'Temporary-Passw0rd!'), 'user.setTemporaryPassword');
  data(await user.expirePassword(loginId), 'user.expirePassword');
  data(await user.logoutUser(loginId), 'user.logoutUser');

  data(await user.delete(loginId), 'user.delete');
  const gone = await user.load(loginId);
  assert.equal(gone.ok, false, 'a deleted user cannot be loaded');
  assert.equal(gone.error?.errorCode, 'E062108');
});

test('roles and permissions: create, load all, search, update, delete', async () => {
  const { permission, role } = descope.management;
  const suffix = Date.now();
  const permissionName = `Exports ${suffix}`;
  data(await permission.create(permissionName, 'Download data'), 'permission.create');
  const permissions = data(await permission.loadAll(), 'permission.loadAll');
  const created = permissions.find((p) => p.name === permissionName);
  assert.equal(created?.description, 'Download data');
  assert.equal(permissions.find((p) => p.name === 'User Admin')?.systemDefault, true);
  data(await permission.update(permissionName, `${permissionName} (CSV)`, 'CSV only'), 'permission.update');

  const roleName = `Exporter ${suffix}`;
  data(await role.create(roleName, 'Exports things', [`${permissionName} (CSV)`, 'Reports View'], 'acme'), 'role.create');
  const all = data(await role.loadAll(), 'role.loadAll');
  const mine = all.find((r) => r.name === roleName);
  assert.equal(mine?.tenantId, 'acme');
  assert.deepEqual(mine?.permissionNames, [`${permissionName} (CSV)`, 'Reports View']);
  const found = data(await role.search({ tenantIds: ['acme'], roleNameLike: 'exporter' }), 'role.search');
  assert.deepEqual(found.map((r) => r.name), [roleName]);

  data(await role.update(roleName, `${roleName} v2`, 'Exports less', ['Reports View'], 'acme'), 'role.update');
  const updated = data(await role.loadAll(), 'role.loadAll').find((r) => r.name === `${roleName} v2`);
  assert.deepEqual(updated?.permissionNames, ['Reports View']);

  data(await role.delete(`${roleName} v2`, 'acme'), 'role.delete');
  data(await permission.delete(`${permissionName} (CSV)`), 'permission.delete');
  const after = data(await role.loadAll(), 'role.loadAll');
  assert.equal(after.some((r) => r.name.startsWith(roleName)), false);
  const refused = await permission.delete('User Admin');
  assert.equal(refused.ok, false, 'a built-in permission cannot be deleted');
});

test('tenants: create with and without id, update, load, load all, search, delete', async () => {
  const { tenant } = descope.management;
  const suffix = Date.now();
  const created = data(await tenant.create(`Initech ${suffix}`, [`initech-${suffix}.test`]), 'tenant.create');
  assert.match(created.id, /^T\w{27}$/, 'the id is generated');
  data(await tenant.createWithId(`hooli-${suffix}`, `Hooli ${suffix}`), 'tenant.createWithId');

  const loaded = data(await tenant.load(created.id), 'tenant.load');
  assert.equal(loaded.name, `Initech ${suffix}`);
  assert.deepEqual(loaded.selfProvisioningDomains, [`initech-${suffix}.test`]);
  data(await tenant.update(created.id, `Initech Corp ${suffix}`, [], {}, true), 'tenant.update');
  const updated = data(await tenant.load(created.id), 'tenant.load');
  assert.equal(updated.name, `Initech Corp ${suffix}`);
  assert.deepEqual(updated.selfProvisioningDomains, [], 'update overrides every field');
  assert.equal(updated.enforceSSO, true);

  const all = data(await tenant.loadAll(), 'tenant.loadAll');
  assert.ok(all.some((t) => t.id === `hooli-${suffix}`));
  const found = data(await tenant.searchAll([created.id, 'acme']), 'tenant.searchAll');
  assert.deepEqual(found.map((t) => t.id).sort(), [created.id, 'acme'].sort());

  const duplicate = await tenant.create(`Initech Corp ${suffix}`);
  assert.equal(duplicate.ok, false, 'names are unique');
  data(await tenant.delete(`hooli-${suffix}`, true), 'tenant.delete');
  const gone = await tenant.load(`hooli-${suffix}`);
  assert.equal(gone.ok, false);
});

test('access keys: create, load, search, exchange (verified by the SDK), deactivate', async () => {
  const { accessKey } = descope.management;
  const created = data(
    await accessKey.create(`sdk-key-${Date.now()}`, 0, undefined, [{ tenantId: 'acme', roleNames: ['Support Agent'] }]),
    'accessKey.create',
  );
  assert.match(created.cleartext, /^tk_/);
  const id = created.key.id;
  assert.equal(data(await accessKey.load(id), 'accessKey.load').name, created.key.name);
  const listed = data(await accessKey.searchAll(['acme']), 'accessKey.searchAll');
  assert.ok(listed.some((k) => k.id === id));

  // The SDK fetches our public keys and verifies the JWT itself.
  const info = await descope.exchangeAccessKey(created.cleartext);
  assert.equal(info.token.sub, id);
  assert.deepEqual(info.token.tenants.acme.roles, ['Support Agent']);

  data(await accessKey.deactivate(id), 'accessKey.deactivate');
  await assert.rejects(descope.exchangeAccessKey(created.cleartext), 'an inactive key is refused');
  data(await accessKey.delete(id), 'accessKey.delete');
});

test('SSO settings: new, configure SAML and OIDC, load, load all, delete', async () => {
  const { sso } = descope.management;
  const cert = readFileSync(new URL('../fixtures/sso/test-idp.pem', import.meta.url), 'utf8');
  const created = data(await sso.newSettings('globex', 'sdk-saml', 'SDK SAML'), 'sso.newSettings');
  assert.equal(created.ssoId, 'sdk-saml');
  data(
    await sso.configureSAMLSettings(
      'globex',
      { idpUrl: 'https://idp.example.com/sso', entityId: 'https://idp.example.com', idpCert: cert,
        roleMappings: [{ groups: ['auditors'], roleName: 'Auditor' }], attributeMapping: { email: 'mail' } },
      'https://app.example.com',
      ['sdk-globex.example'],
      'sdk-saml',
    ),
    'sso.configureSAMLSettings',
  );
  const saml = data(await sso.loadSettings('globex', 'sdk-saml'), 'sso.loadSettings');
  assert.equal(saml.saml.idpSSOUrl, 'https://idp.example.com/sso');
  assert.equal(saml.saml.attributeMapping.email, 'mail');
  assert.deepEqual(saml.saml.groupsMapping, [{ roleName: 'Auditor', groups: ['auditors'] }], 'the SDK reshapes groupsMapping');
  assert.ok(saml.saml.spACSUrl.startsWith(stack.apiUrl));
  data(
    await sso.configureOIDCSettings(
      'globex',
      { name: 'SDK OIDC', clientId: 'sdk-client', clientSecret: 'sdk-secret', authUrl: 'https://op.example.com/auth',
        tokenUrl: 'https://op.example.com/token', attributeMapping: { email: 'email' } },
      ['sdk-oidc.example'],
      'sdk-oidc',
    ),
    'sso.configureOIDCSettings',
  );
  const all = data(await sso.loadAllSettings('globex'), 'sso.loadAllSettings');
  const oidc = all.find((s) => s.ssoId === 'sdk-oidc');
  assert.equal(oidc?.oidc.clientId, 'sdk-client');
  assert.equal(oidc?.oidc.clientSecret, '', 'the secret is never returned');
  assert.equal(oidc?.oidc.attributeMapping?.email, 'email', 'the SDK reads userAttrMapping');
  data(await sso.deleteSettings('globex', 'sdk-oidc'), 'sso.deleteSettings');
  data(await sso.deleteSettings('globex', 'sdk-saml'), 'sso.deleteSettings');
  assert.equal(data(await sso.loadAllSettings('globex'), 'sso.loadAllSettings').length, 0);
});

test('audit: search finds the events of the calls above; create an event', async () => {
  const { audit } = descope.management;
  data(
    await audit.createEvent({ action: 'SdkReport', type: 'info', actorId: 'node-sdk', tenantId: 'acme', data: { n: 1 } }),
    'audit.createEvent',
  );
  const records = data(await audit.search({ actions: ['SdkReport', 'UserCreated'] }), 'audit.search');
  const report = records.find((r) => r.action === 'SdkReport');
  assert.equal(report?.actorId, 'node-sdk');
  assert.deepEqual(report?.tenants, ['acme']);
  assert.equal(typeof report?.occurred, 'number', 'the SDK parses the string');
  assert.ok(records.some((r) => r.action === 'UserCreated'));
});

test('test users: create, sign in with a generated OTP, magic and enchanted link; embedded link', async () => {
  const user = descope.management.user;
  const loginId = `sdk-test-${Date.now()}@acme.test`;
  const created = data(
    await user.createTestUser(loginId, { email: loginId, userTenants: [{ tenantId: 'acme', roleNames: [] }] }),
    'user.createTestUser',
  );
  assert.equal(created.test, true);
  const tests = data(await user.searchTestUsers({ limit: 10 }), 'user.searchTestUsers');
  assert.ok(tests.users.some((u) => u.userId === created.userId) && tests.users.every((u) => u.test));

  // Each code or link is redeemed through the SDK's own auth calls; the SDK verifies the
  // session JWT against our public keys.
  const subject = async (answer, what) => (await descope.validateJwt(data(answer, what).sessionJwt)).token.sub;
  const otp = data(await user.generateOTPForTestUser('email', loginId), 'generateOTPForTestUser');
  assert.match(otp.code, /^\d{6}$/);
  const byCode = await descope.otp.verify.email(loginId, otp.code);
  assert.equal(await subject(byCode, 'otp.verify.email'), created.userId);
  const selected = data(await descope.selectTenant('acme', byCode.data.refreshJwt), 'selectTenant');
  assert.equal((await descope.validateJwt(selected.sessionJwt)).token.dct, 'acme');
  assert.equal((await descope.otp.verify.email(loginId, otp.code)).ok, false, 'a code is used once');

  const magic = data(
    await user.generateMagicLinkForTestUser('email', loginId, 'https://app.example.test/verify'),
    'generateMagicLinkForTestUser',
  );
  const token = new URL(magic.link).searchParams.get('t');
  assert.equal(await subject(await descope.magicLink.verify(token), 'magicLink.verify'), created.userId);

  const enchanted = data(
    await user.generateEnchantedLinkForTestUser(loginId, 'https://app.example.test/verify'),
    'generateEnchantedLinkForTestUser',
  );
  const waiting = descope.enchantedLink.waitForSession(enchanted.pendingRef, { pollingIntervalMs: 200, timeoutMs: 15000 });
  data(await descope.enchantedLink.verify(new URL(enchanted.link).searchParams.get('t')), 'enchantedLink.verify');
  assert.equal(await subject(await waiting, 'enchantedLink.waitForSession'), created.userId);

  const embedded = data(await user.generateEmbeddedLink(loginId), 'generateEmbeddedLink');
  assert.equal(await subject(await descope.magicLink.verify(embedded.token), 'embedded link'), created.userId);

  const providerToken = await user.getProviderToken(loginId, 'google');
  assert.equal(providerToken.ok, false, 'this server keeps no social provider tokens');
  assert.match(providerToken.error.errorMessage, /google/);

  data(await user.deleteAllTestUsers(), 'deleteAllTestUsers');
  assert.equal((await user.load(loginId)).ok, false);
});

test('errors arrive in the wire format the SDK understands', async () => {
  const missing = await descope.management.user.load('nobody@nowhere.test');
  assert.equal(missing.ok, false);
  assert.equal(missing.error.errorCode, 'E062108');
  assert.match(missing.error.errorDescription, /\S/);
});

test('groups: the groups an IdP pushed over SCIM, loaded with the SDK\'s group calls', async () => {
  // The tenant's SCIM token (ours), then a user and a group pushed as an IdP would.
  const rotated = await fetch(`${stack.apiUrl}/tk/v1/scim/token/rotate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${stack.projectId}:${stack.managementKey}` },
    body: JSON.stringify({ tenantId: 'acme' }),
  });
  assert.equal(rotated.status, 200);
  const { cleartext } = await rotated.json();
  const scim = async (path, body) => {
    const response = await fetch(`${stack.apiUrl}/scim/v2/acme${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/scim+json', Authorization: `Bearer ${cleartext}` },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 201, await response.clone().text());
    return response.json();
  };
  const login = `scim.${Date.now()}@acme.test`;
  const user = await scim('/Users', { userName: login, displayName: 'Scim Person' });
  const group = await scim('/Groups', { displayName: `Engineers ${Date.now()}`, members: [{ value: user.id }] });

  const all = data(await descope.management.group.loadAllGroups('acme'), 'loadAllGroups');
  const found = all.find((g) => g.id === group.id);
  assert.ok(found, 'the pushed group is listed');
  assert.equal(found.display, group.displayName);
  assert.deepEqual(found.members, [{ loginId: login, userId: user.id, display: 'Scim Person' }]);
  const members = data(await descope.management.group.loadAllGroupMembers('acme', group.id), 'loadAllGroupMembers');
  assert.deepEqual(members.map((g) => g.id), [group.id]);
  const ofMember = data(await descope.management.group.loadAllGroupsForMember('acme', [], [login]), 'loadAllGroupsForMember');
  assert.deepEqual(ofMember.map((g) => g.id), [group.id]);
});

test('impersonation: management.jwt.impersonate and stopImpersonation', async () => {
  const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
  const loginId = `sdk-imp-${Date.now()}@acme.test`;
  const target = data(
    await descope.management.user.create(loginId, { email: loginId, userTenants: [{ tenantId: 'acme', roleNames: [] }] }),
    'user.create',
  );
  const admin = data(await descope.management.user.load('admin@acme.test'), 'user.load');
  const jwt = descope.management.jwt;

  const started = data(await jwt.impersonate('admin@acme.test', loginId, false, undefined, 'acme', 600), 'jwt.impersonate');
  const claims = claimsOf(started.jwt);
  assert.equal(claims.sub, target.userId);
  assert.deepEqual(claims.act, { sub: admin.userId });
  assert.deepEqual(Object.keys(claims.tenants), ['acme']);
  assert.ok(claims.exp - claims.iat <= 600);
  // The SDK's own session check accepts it (our keys, our issuer) and refreshes it.
  const refreshed = await descope.refreshSession(started.jwt);
  assert.equal(refreshed.token.sub, target.userId);
  assert.deepEqual(refreshed.token.act, { sub: admin.userId });

  const consent = await jwt.impersonate(admin.userId, loginId, true);
  assert.equal(consent.ok, false);
  assert.equal(consent.error.errorCode, 'E011004');

  const stopped = data(await jwt.stopImpersonation(started.jwt), 'jwt.stopImpersonation');
  assert.equal(claimsOf(stopped.jwt).sub, admin.userId);
  assert.equal(claimsOf(stopped.jwt).act, undefined);
  await assert.rejects(descope.refreshSession(started.jwt), 'the impersonation no longer refreshes');
});

test('sign-in history: user.history reads the sign-ins of the users named', async () => {
  const user = descope.management.user;
  const loginId = `history-${Date.now()}@acme.test`;
  const created = data(await user.create(loginId, { email: loginId, userTenants: [{ tenantId: 'acme' }] }), 'user.create');
  data(await user.setActivePassword(loginId, 'History-Passw0rd!'), 'user.setActivePassword');
  const signIn = (password) =>
    fetch(`${stack.apiUrl}/v1/auth/password/signin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'node-sdk-compat/1.0' },
      body: JSON.stringify({ loginId, password }),
    });
  assert.equal((await signIn('wrong')).status, 401);
  assert.equal((await signIn('History-Passw0rd!')).status, 200);

  const history = data(await user.history([created.userId]), 'user.history');
  assert.ok(Array.isArray(history), 'a bare array, as Descope answers');
  assert.equal(history.length, 2);
  for (const entry of history) {
    assert.equal(entry.userId, created.userId);
    assert.equal(typeof entry.loginTime, 'number', 'epoch seconds');
    assert.equal(entry.city, '');
    assert.equal(entry.country, '');
    assert.equal(entry.ip, '127.0.0.1');
    assert.equal(entry.userAgent, 'node-sdk-compat/1.0');
  }
  assert.deepEqual(history.map((e) => [e.success, e.reason]), [[true, ''], [false, 'wrong_password']]);
  data(await user.delete(loginId), 'user.delete');
});

test('SSO setup links: generateSSOConfigurationLink opens SSO Admin of the tenant only; revokeSSOConfigurationLink stops it', async () => {
  const { tenant } = descope.management;
  // (tenantId, expireDuration in seconds, ssoId, email, templateId, actorId), as the SDK sends them.
  const generated = data(
    await tenant.generateSSOConfigurationLink('acme', 3600, undefined, 'it@acme.test', undefined, 'node-sdk-actor'),
    'tenant.generateSSOConfigurationLink',
  );
  const link = generated.adminSSOConfigurationLink;
  assert.ok(link.startsWith(`${stack.apiUrl}/tk/sso-setup#token=ssolink_`), link);
  const secret = new URLSearchParams(new URL(link).hash.slice(1)).get('token');
  const asLink = (path) =>
    fetch(`${stack.apiUrl}${path}`, { headers: { Authorization: `Bearer ${stack.projectId}:${secret}` } });
  assert.equal((await asLink('/v2/mgmt/sso/settings/all?tenantId=acme')).status, 200);
  assert.equal((await asLink('/v2/mgmt/sso/settings/all?tenantId=globex')).status, 403);
  assert.equal((await asLink('/v1/mgmt/role/all?tenant=acme')).status, 403);

  // The deprecated v1 path with a numeric string, as the docs type it.
  const v1 = await fetch(`${stack.apiUrl}/v1/mgmt/tenant/adminlinks/sso/generate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${stack.projectId}:${stack.managementKey}` },
    body: JSON.stringify({ tenantId: 'acme', expireTime: '600', email: 'v1@acme.test' }),
  });
  assert.equal(v1.status, 200);
  assert.match((await v1.json()).adminSSOConfigurationLink, /#token=ssolink_/);

  const refused = await tenant.generateSSOConfigurationLink('acme', 60);
  assert.equal(refused.ok, false, 'a lifetime under 5 minutes is refused');
  assert.equal(refused.error.errorCode, 'E011003');

  data(await tenant.revokeSSOConfigurationLink('acme'), 'tenant.revokeSSOConfigurationLink');
  assert.equal((await asLink('/v2/mgmt/sso/settings/all?tenantId=acme')).status, 401);
});
