// A remote JWKS on loopback, configured with --jwks-url and --jwt-aud, exercised through the app.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import t from 'tap';
import { jwksOf, makeKey } from '../auth/fixtures.ts';
import { startTestApp } from '../helpers/test-app.ts';

const rsa = await makeKey('RS256', 'rsa-1');
const ec = await makeKey('ES256', 'ec-1');
let serving = true;
const jwksServer = createServer((req, res) => {
  if (!serving) {
    res.writeHead(500).end('down');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwksOf(rsa, ec)));
});
await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;

const app = await startTestApp({ 'jwks-url': jwksUrl, 'jwt-aud': 'my-api' });
t.teardown(async () => {
  await app.close();
  jwksServer.close();
});

const token = (key: typeof rsa, claims: Record<string, unknown>) => {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iat: now, exp: now + 600, ...claims }).setProtectedHeader({ alg: key.alg, kid: key.kid }).sign(key.privateKey);
};
const get = async (claims: Record<string, unknown> | null, key = rsa) =>
  app.request('GET', '/todos?select=task', claims === null ? {} : { headers: { authorization: `Bearer ${await token(key, claims)}` } });

t.test('tokens signed by either key of a mixed RSA/EC set verify, with the audience', async (t) => {
  const viaRsa = await get({ sub: 'alice', aud: 'my-api' });
  t.equal(viaRsa.status, 200, viaRsa.body);
  t.equal(viaRsa.json().length, 2);
  const viaEc = await get({ sub: 'bob', aud: ['other', 'my-api'] }, ec);
  t.equal(viaEc.status, 200, viaEc.body);
  t.same(viaEc.json(), [{ task: 'bob: fix bike' }]);
});

t.test('a wrong or missing audience is rejected with PGRST303', async (t) => {
  for (const claims of [{ sub: 'alice', aud: 'someone-else' }, { sub: 'alice' }]) {
    const res = await get(claims);
    t.equal(res.status, 401);
    t.equal(res.json().code, 'PGRST303');
  }
});

t.test('anonymous requests keep working while the JWKS endpoint is down', async (t) => {
  serving = false;
  t.teardown(() => {
    serving = true;
  });
  const res = await get(null);
  t.equal(res.status, 200);
  t.same(res.json(), [{ task: 'public: team lunch' }]);
});
