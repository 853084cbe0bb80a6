// Demo mode only: a local development signing key, so `npm start` can show RLS with a real token.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import type { JsonWebKeySet } from './key-source.ts';

export interface DevKeys {
  /** The public key set to trust (pass as `keySets` to createAuthenticator). */
  keySet: JsonWebKeySet;
  /** Signs a token for `sub`, valid for `hours`. DEVELOPMENT ONLY. */
  mint(sub: string, hours?: number): Promise<string>;
}

const KID = 'pg-data-api-dev-key';

/** Loads the key from `file`, creating it on first use; never used when a real provider is configured. */
export async function loadDevKeys(file: string): Promise<DevKeys> {
  let privateJwk: JWK;
  if (existsSync(file)) privateJwk = JSON.parse(await readFile(file, 'utf8'));
  else {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: KID, alg: 'ES256' };
    await writeFile(file, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  const { d: _private, ...publicJwk } = privateJwk;
  const privateKey = await importJWK(privateJwk, 'ES256');
  return {
    keySet: { keys: [{ ...publicJwk, use: 'sig' }] } as JsonWebKeySet,
    async mint(sub, hours = 24) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ sub, iat: now, exp: now + hours * 3600, iss: 'pg-data-api-dev' })
        .setProtectedHeader({ alg: 'ES256', kid: KID, typ: 'JWT' })
        .sign(privateKey);
    },
  };
}
