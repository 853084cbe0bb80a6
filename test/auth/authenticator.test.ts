// End-to-end through createAuthenticator with in-memory key sets: algorithms, bad tokens, roles.
import t from 'tap';
import { createSign, KeyObject } from 'node:crypto';
import { CompactSign, FlattenedSign, SignJWT, exportJWK, exportSPKI, importJWK } from 'jose';
import { authResult } from '../../src/auth/auth-result.ts';
import { createAuthenticator } from '../../src/auth/create-authenticator.ts';
import { baseConfig, b64url, frozenClock, invalidToken, jwksOf, makeKey, rejectsWith, sign, NOW_SECONDS } from './fixtures.ts';

const rsa = await makeKey('RS256', 'rsa-1');
const ps = await makeKey('PS256', 'ps-1');
const es256 = await makeKey('ES256', 'es256-1');
const es384 = await makeKey('ES384', 'es384-1');
const ed = await makeKey('EdDSA', 'ed-1');
const stranger = await makeKey('RS256', 'rsa-1'); // same kid, different key
const clock = frozenClock();
const keySets = [jwksOf(rsa, ps, es256, es384, ed)];
const unencodedPayloadToken = async (): Promise<string> => {
  const jws = await new FlattenedSign(new TextEncoder().encode(`{"sub":"x","exp":${NOW_SECONDS + 60}}`))
    .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1', b64: false, crit: ['b64'] })
    .sign(rsa.privateKey);
  return `${jws.protected}.${jws.payload}.${jws.signature}`;
};
/** Signs with node:crypto directly, for headers jose refuses to produce. */
const rawRs256 = (header: object, payload: object): string => {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${createSign('RSA-SHA256')
    .update(input)
    .sign(KeyObject.from(rsa.privateKey as never))
    .toString('base64url')}`;
};
const make = (overrides = {}) => createAuthenticator(baseConfig(overrides), { keySets, now: clock.now });

t.test('every asymmetric algorithm verifies from a JWKS mixing RSA, EC and OKP keys', async (t) => {
  const auth = make();
  for (const key of [rsa, ps, es256, es384, ed]) {
    const result = await auth.authenticate(`Bearer ${await sign(key, { sub: key.kid })}`);
    t.same(result, authResult('authenticated', { sub: key.kid, iat: NOW_SECONDS - 10, exp: NOW_SECONDS + 3600 }, false), key.alg);
  }
});

t.test('tokens without kid: each key of the right type is tried', async (t) => {
  const other = await makeKey('RS256', 'rsa-2');
  const auth = createAuthenticator(baseConfig(), { keySets: [jwksOf(other, rsa)], now: clock.now });
  const token = await sign(rsa, {}, { kid: undefined });
  t.equal((await auth.authenticate(`Bearer ${token}`)).role, 'authenticated');
});

t.test('anonymous requests', async (t) => {
  t.same(await make().authenticate(undefined), authResult('anonymous', {}, true));
  await rejectsWith(t, make({ dbAnonRole: null }).authenticate(undefined), {
    code: 'PGRST302',
    status: 401,
    message: 'Anonymous access is disabled',
    wwwAuthenticate: 'Bearer',
  });
});

t.test('bad tokens → PGRST301 with the PostgREST message', async (t) => {
  const auth = make();
  const good = await sign(rsa);
  const [h, p] = good.split('.');
  const none = `${b64url({ alg: 'none', typ: 'JWT' })}.${p}.`;
  // The attacker knows the public key and uses its PEM text as an HMAC secret.
  const spki = await exportSPKI((await importJWK(rsa.publicJwk, 'RS256', { extractable: true })) as CryptoKey);
  const confused = await new SignJWT({ sub: 'attacker', exp: NOW_SECONDS + 60 })
    .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
    .sign(new TextEncoder().encode(spki));
  const cases: Array<[string, string, string]> = [
    ['alg none', none, 'Wrong or unsupported encoding algorithm'],
    ['HS256 signed with the RSA public key (algorithm confusion)', confused, 'Wrong or unsupported encoding algorithm'],
    ['unknown kid', await sign(await makeKey('RS256', 'nobody')), 'No suitable key or wrong key type'],
    ['right kid, wrong key', await sign(stranger), 'JWT cryptographic operation failed'],
    ['tampered payload', `${h}.${b64url({ sub: 'admin', exp: NOW_SECONDS + 60 })}.${good.split('.')[2]}`, 'JWT cryptographic operation failed'],
    ['header is not JSON', `${b64url('not json')}.${p}.sig`, "JWT couldn't be decoded"],
    ['header is not base64url', `!!!.${p}.sig`, "JWT couldn't be decoded"],
    ['signature is not base64url', `${h}.${p}.***`, "JWT couldn't be decoded"],
    ['unencoded payload (b64=false)', await unencodedPayloadToken(), "JWT couldn't be decoded"],
    ['unknown crit header', rawRs256({ alg: 'RS256', kid: 'rsa-1', crit: ['x-policy'], 'x-policy': 1 }, { sub: 'x' }), "JWT couldn't be decoded"],
    ['jku header', await sign(rsa, {}, { jku: 'https://evil.example/jwks.json' }), 'No suitable key or wrong key type'],
    ['x5u header', await sign(rsa, {}, { x5u: 'https://evil.example/cert.pem' }), 'No suitable key or wrong key type'],
    ['embedded jwk header', await sign(rsa, {}, { jwk: await exportJWK((await makeKey('RS256')).privateKey) }), 'No suitable key or wrong key type'],
  ];
  for (const [name, token, message] of cases) {
    t.comment(name);
    await rejectsWith(t, auth.authenticate(`Bearer ${token}`), { code: 'PGRST301', status: 401, message, wwwAuthenticate: invalidToken(message) }, token);
  }
});

t.test('a payload that is not a JSON object → PGRST303 Parsing claims failed', async (t) => {
  const token = await new CompactSign(new TextEncoder().encode('[1,2]')).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).sign(rsa.privateKey);
  await rejectsWith(t, make().authenticate(`Bearer ${token}`), { code: 'PGRST303', status: 401, message: 'Parsing claims failed' });
});

t.test('time claims use the injected clock with 30 s leeway', async (t) => {
  const auth = make();
  const token = await sign(rsa, { exp: NOW_SECONDS + 60, nbf: NOW_SECONDS + 40, iat: NOW_SECONDS + 40 });
  const local = frozenClock();
  const timed = createAuthenticator(baseConfig(), { keySets, now: local.now });
  await rejectsWith(t, timed.authenticate(`Bearer ${token}`), {
    code: 'PGRST303',
    status: 401,
    message: 'JWT not yet valid',
    wwwAuthenticate: invalidToken('JWT not yet valid'),
  });
  local.advance(10);
  t.equal((await timed.authenticate(`Bearer ${token}`)).role, 'authenticated', 'valid once within leeway of nbf');
  local.advance(80);
  t.equal((await timed.authenticate(`Bearer ${token}`)).role, 'authenticated', 'still valid within leeway after exp (cached)');
  local.advance(1);
  await rejectsWith(t, timed.authenticate(`Bearer ${token}`), { code: 'PGRST303', status: 401, message: 'JWT expired' }, token);
  await rejectsWith(t, auth.authenticate(`Bearer ${await sign(rsa, { iat: NOW_SECONDS + 31 })}`), {
    code: 'PGRST303',
    status: 401,
    message: 'JWT issued at future',
  });
});

t.test('audience and issuer', async (t) => {
  const auth = make({ jwtAud: 'my-api', jwtIssuer: 'https://issuer.example/' });
  const iss = 'https://issuer.example/';
  t.equal((await auth.authenticate(`Bearer ${await sign(rsa, { aud: 'my-api', iss })}`)).role, 'authenticated');
  t.equal((await auth.authenticate(`Bearer ${await sign(rsa, { aud: ['x', 'my-api'], iss })}`)).role, 'authenticated');
  await rejectsWith(t, auth.authenticate(`Bearer ${await sign(rsa, { aud: 'other', iss })}`), {
    code: 'PGRST303',
    status: 401,
    message: 'JWT not in audience',
  });
  await rejectsWith(t, auth.authenticate(`Bearer ${await sign(rsa, { iss })}`), { code: 'PGRST303', status: 401, message: 'JWT not in audience' });
  await rejectsWith(t, auth.authenticate(`Bearer ${await sign(rsa, { aud: 'my-api', iss: 'https://evil/' })}`), {
    code: 'PGRST303',
    status: 401,
    message: 'JWT issuer not accepted',
  });
});

t.test('role: authenticated role, or the role claim path with fallback', async (t) => {
  const token = await sign(rsa, { role: 'service_role', app: { roles: ['viewer', 'app_editor'] } });
  t.equal((await make().authenticate(`Bearer ${token}`)).role, 'authenticated', 'a role claim is ignored unless --jwt-role-claim-key');
  t.equal((await make().authenticate(`Bearer ${token}`)).claims.role, 'authenticated', 'claims.role is the effective role');
  const byPath = make({ jwtRoleClaimKey: '.app.roles[?(@ ^== "app_")]' });
  const result = await byPath.authenticate(`Bearer ${token}`);
  t.equal(result.role, 'app_editor');
  t.equal(result.claims.role, 'app_editor');
  t.same(result.claims.app, { roles: ['viewer', 'app_editor'] });
  t.equal((await byPath.authenticate(`Bearer ${await sign(rsa)}`)).role, 'authenticated', 'falls back when the claim is absent');
  t.throws(() => make({ jwtRoleClaimKey: 'role' }), /--jwt-role-claim-key/, 'a bad path is a config error at start-up');
});

t.test('no key source configured → PGRST300, anonymous still works', async (t) => {
  const auth = createAuthenticator(baseConfig(), { now: clock.now });
  t.equal((await auth.authenticate(undefined)).role, 'anonymous');
  await rejectsWith(t, auth.authenticate(`Bearer ${await sign(rsa)}`), { code: 'PGRST300', status: 500 });
});
