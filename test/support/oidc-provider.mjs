// A real OpenID Connect provider (the `oidc-provider` package) for the integration and browser
// tests, run as a child process because the package is ESM only. It prints {"issuer": ...} on
// its first line of output. A plain login form stands in for the county's sign-in page: any
// account in ACCOUNTS signs in with its name. POST /__test/mode {"mode": ...} makes the token
// endpoint hand out a tampered ID token (signed with the provider's real key):
// `wrong_audience` (aud names another client) or `expired` (exp in the past).
import http from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import Provider from 'oidc-provider';

const client = JSON.parse(process.env.OIDC_TEST_CLIENT);
const accounts = JSON.parse(process.env.OIDC_TEST_ACCOUNTS);
let mode = 'normal';

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [jwk] },
  cookies: { keys: ['test-only-cookie-key-0123456789'] },
  claims: { openid: ['sub', 'groups', 'county'], email: ['email'], profile: ['name'] },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: (_ctx, id) =>
    accounts[id] ? { accountId: id, claims: () => ({ sub: id, ...accounts[id] }) } : undefined,
});

provider.use(async (ctx, next) => {
  await next();
  if (mode === 'normal' || ctx.path !== '/token' || !ctx.body?.id_token) return;
  const [header, payload] = ctx.body.id_token
    .split('.')
    .slice(0, 2)
    .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
  const now = Math.floor(Date.now() / 1000);
  if (mode === 'wrong_audience') payload.aud = 'some-other-client';
  if (mode === 'expired') Object.assign(payload, { iat: now - 7200, exp: now - 3600 });
  ctx.body = {
    ...ctx.body,
    id_token: await new SignJWT(payload).setProtectedHeader(header).sign(privateKey),
  };
});

const handle = provider.callback();
const form = (uid) => `<!doctype html><html lang="de"><head><meta charset="utf-8">
<title>Landkreis Anmeldung</title></head><body><h1>Landkreis: Anmeldung</h1>
<form method="post" action="/interaction/${uid}"><label>Benutzername
<input name="login" autocomplete="username"></label><button type="submit">Anmelden</button></form>
</body></html>`;

server.on('request', async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    if (url.pathname === '/__test/mode' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      mode = JSON.parse(body).mode;
      res.writeHead(204).end();
      return;
    }
    const m = /^\/interaction\/([^/]+)$/.exec(url.pathname);
    if (!m) return handle(req, res);
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(form(m[1]));
      return;
    }
    let body = '';
    for await (const chunk of req) body += chunk;
    const accountId = new URLSearchParams(body).get('login') ?? '';
    if (!accounts[accountId]) {
      await provider.interactionFinished(req, res, {
        error: 'access_denied',
        error_description: 'unknown user',
      });
      return;
    }
    const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  } catch (e) {
    res.writeHead(500).end(String(e));
  }
});

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
