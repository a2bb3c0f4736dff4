// A real OpenID Provider for the tests: npm `oidc-provider` (panva), on a free loopback port.
// Only the interaction step (login and consent screens) is ours: it signs in the user the test
// chose (`GET /_test/user?...`) and grants what the client asked for, so tests need no browser.
// Everything the relying party is tested against (authorization, PKCE, nonce, token endpoint,
// ID token signing, JWKS, discovery) is oidc-provider's own.
//
// Environment: CLIENT_ID, CLIENT_SECRET, REDIRECT_URI. Prints `READY <issuer>` once listening.
import http from 'node:http';
import Provider from 'oidc-provider';

const user = { sub: 'user-1', email: 'user@example.test', given_name: 'Test', name: 'Test User', groups: [] };

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: [process.env.REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    }],
    pkce: { required: () => true },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name'],
      groups: ['groups'],
    },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['tenantkit-test-only'] },
    async findAccount(ctx, id) {
      return { accountId: id, claims: async () => ({ ...user, sub: id, email_verified: true }) };
    },
  });
  provider.proxy = false;
  const callback = provider.callback();

  async function interaction(req, res) {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      return provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
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

  server.on('request', (req, res) => {
    const url = new URL(req.url, issuer);
    if (url.pathname === '/_test/user') {
      for (const key of ['sub', 'email', 'given_name', 'name']) {
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
