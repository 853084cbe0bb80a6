// Real-clock JWTs for integration tests: one RS256 key in a local JWKS the test app trusts.
import { SignJWT, type JWTPayload } from 'jose';
import { makeKey, jwksOf, type TestKey } from '../auth/fixtures.ts';
import type { JsonWebKeySet } from '../../src/auth/key-source.ts';

export interface TokenMinter {
  keySets: JsonWebKeySet[];
  /** A valid token for `sub`, expiring in an hour. */
  tokenFor(sub: string, claims?: JWTPayload): Promise<string>;
  bearer(sub: string, claims?: JWTPayload): Promise<{ authorization: string }>;
}

export async function createTokenMinter(alg = 'RS256'): Promise<TokenMinter> {
  const key: TestKey = await makeKey(alg, 'integration-key');
  const tokenFor = (sub: string, claims: JWTPayload = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ sub, iat: now, exp: now + 3600, ...claims }).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
  };
  return {
    keySets: [jwksOf(key)],
    tokenFor,
    bearer: async (sub, claims) => ({ authorization: `Bearer ${await tokenFor(sub, claims)}` }),
  };
}
