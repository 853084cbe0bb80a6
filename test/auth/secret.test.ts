// --jwt-secret: HMAC passphrase, oct JWK, and a JWKS with public keys (PostgREST's forms).
import t from 'tap';
import { exportJWK, generateSecret, SignJWT } from 'jose';
import { createAuthenticator } from '../../src/auth/create-authenticator.ts';
import { baseConfig, frozenClock, jwksOf, makeKey, NOW_SECONDS, rejectsWith, sign } from './fixtures.ts';

const clock = frozenClock();
const passphrase = 'reallyreallyreallyreallyverysafe!';
const hs = (alg: string, secret: Uint8Array, header: Record<string, unknown> = {}) =>
  new SignJWT({ sub: 'u', exp: NOW_SECONDS + 60 }).setProtectedHeader({ alg, ...header }).sign(secret);
const withSecret = (jwtSecret: string) => createAuthenticator(baseConfig({ jwtSecret }), { now: clock.now });

t.test('HMAC passphrase verifies HS256/384/512', async (t) => {
  const auth = withSecret(passphrase);
  const key = new TextEncoder().encode(passphrase);
  for (const alg of ['HS256', 'HS384', 'HS512']) t.equal((await auth.authenticate(`Bearer ${await hs(alg, key)}`)).role, 'authenticated', alg);
  await rejectsWith(t, auth.authenticate(`Bearer ${await hs('HS256', new TextEncoder().encode('x'.repeat(40)))}`), {
    code: 'PGRST301',
    status: 401,
    message: 'JWT cryptographic operation failed',
  });
});

t.test('HS* is refused when only key sets are configured', async (t) => {
  const rsa = await makeKey('RS256');
  const auth = createAuthenticator(baseConfig(), { keySets: [jwksOf(rsa)], now: clock.now });
  await rejectsWith(t, auth.authenticate(`Bearer ${await hs('HS256', new TextEncoder().encode(passphrase))}`), {
    code: 'PGRST301',
    status: 401,
    message: 'Wrong or unsupported encoding algorithm',
  });
});

t.test('oct JWK and a JWKS mixing oct and RSA keys', async (t) => {
  const secret = await generateSecret('HS256', { extractable: true });
  const octJwk = { ...(await exportJWK(secret)), kid: 'hmac-1', alg: 'HS256' };
  const rsa = await makeKey('RS256', 'rsa-in-secret');
  const raw = new Uint8Array(Buffer.from(octJwk.k as string, 'base64url'));
  t.equal(
    (await withSecret(JSON.stringify(octJwk)).authenticate(`Bearer ${await hs('HS256', raw, { kid: 'hmac-1' })}`)).role,
    'authenticated',
    'single oct JWK',
  );
  const auth = withSecret(JSON.stringify({ keys: [octJwk, rsa.publicJwk] }));
  t.equal((await auth.authenticate(`Bearer ${await hs('HS256', raw, { kid: 'hmac-1' })}`)).role, 'authenticated', 'oct key from a JWKS');
  t.equal((await auth.authenticate(`Bearer ${await sign(rsa)}`)).role, 'authenticated', 'RSA key from the same JWKS');
  await rejectsWith(t, auth.authenticate(`Bearer ${await hs('HS256', raw, { kid: 'other' })}`), {
    code: 'PGRST301',
    status: 401,
    message: 'No suitable key or wrong key type',
  });
});

t.test('invalid JSON secret is a config error', async (t) => {
  t.throws(() => withSecret('{not json'), /--jwt-secret/);
  t.throws(() => withSecret('{"keys": [{"no": "kty"}]}'), /--jwt-secret/);
});
