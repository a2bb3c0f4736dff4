// A real OpenID Provider for the tests and the demo: npm `oidc-provider` (panva), on loopback.
// Only the interaction step (login and consent screens) is ours. Everything the relying party is
// tested against (authorization, PKCE, nonce, token endpoint, ID token signing, JWKS, discovery)
// is oidc-provider's own.
//
// Two ways to say who signs in:
// - tests with no browser: `GET /_test/user?...` sets the user, whom the interaction signs in
//   at once, granting what the client asked for;
// - with USERS_FILE (the demo, the browser tests): a sign-in page asks for an email and signs in
//   that user of the JSON file (read at every sign-in), `{"ada@x.test": {"given_name": "Ada",
//   "name": "Ada L", "groups": ["engineers"]}}`; `sub` is the email unless the file gives one.
//
// Environment: CLIENT_ID, CLIENT_SECRET, REDIRECT_URI (exact) or REDIRECT_URI_PREFIX (any
// redirect URI starting with it: a tenant's connections each have their own callback query),
// PORT (default: any free port), USERS_FILE. Prints `READY <issuer>` once listening.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const user = { sub: 'user-1', email: 'user@example.test', given_name: 'Test', name: 'Test User', groups: [] };

const server = http.createServer();
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: [process.env.REDIRECT_URI ?? process.env.REDIRECT_URI_PREFIX],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    }],
    pkce: { required: () => true },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name'],
      groups: ['groups'],
    },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['tenantkit-test-only'] },
    async findAccount(ctx, id) {
      const listed = process.env.USERS_FILE ? usersFile()[id] : null;
      const claims = listed ? { email: id, ...listed, sub: listed.sub ?? id } : { ...user, sub: id };
      return { accountId: id, claims: async () => ({ ...claims, email_verified: true }) };
    },
  });
  provider.proxy = false;
  if (process.env.REDIRECT_URI_PREFIX) {
    const prefix = process.env.REDIRECT_URI_PREFIX;
    provider.Client.prototype.redirectUriAllowed = (uri) => typeof uri === 'string' && uri.startsWith(prefix);
  }
  const callback = provider.callback();

  async function interaction(req, res) {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      if (!process.env.USERS_FILE) {
        return provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
      }
      if (req.method !== 'POST') return signInPage(res, details.uid, '');
      const email = new URLSearchParams(await body(req)).get('email')?.trim() ?? '';
      if (!usersFile()[email]) return signInPage(res, details.uid, `No user ${email} at this IdP.`);
      return provider.interactionFinished(req, res, { login: { accountId: email } }, { mergeWithLastSubmission: false });
    }
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    const missing = details.prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  function signInPage(res, uid, error) {
    const escape = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    const options = Object.keys(usersFile()).map((email) => `<option value="${escape(email)}">`).join('');
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test OpenID provider: sign in</title>
<style>body{font:16px system-ui;max-width:28rem;margin:3rem auto}label,input,button{display:block;margin:.5rem 0}</style></head>
<body><main><h1>Test OpenID provider (oidc-provider)</h1>${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}"><label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" list="users" required><datalist id="users">${options}</datalist>
<button type="submit">Sign in</button></form></main></body></html>`);
  }

  server.on('request', (req, res) => {
    const url = new URL(req.url, issuer);
    if (url.pathname === '/_test/user') {
      for (const key of ['sub', 'email', 'given_name', 'family_name', 'name']) {
        if (url.searchParams.has(key)) user[key] = url.searchParams.get(key);
      }
      if (url.searchParams.has('groups')) user.groups = url.searchParams.get('groups').split(',').filter(Boolean);
      res.end('ok');
    } else if (url.pathname.startsWith('/interaction/')) {
      interaction(req, res).catch((error) => { res.statusCode = 500; res.end(String(error)); });
    } else {
      callback(req, res);
    }
  });
  console.log(`READY ${issuer}`);
});

function usersFile() {
  return JSON.parse(readFileSync(process.env.USERS_FILE, 'utf8'));
}

function body(req) {
  return new Promise((resolve, reject) => {
    let text = '';
    req.on('data', (chunk) => { text += chunk; });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}
