// --jwt-secret: an HMAC passphrase, or a JWK / JWKS whose `oct` keys are HMAC secrets and whose
// other keys are public keys (PostgREST's jwt-secret forms). HMAC keys only ever verify HS*.
import { base64url, type FlattenedJWSInput, type JWSHeaderParameters } from 'jose';
import { ConfigError } from '../config/config-error.ts';
import { createLocalKeySource, type JsonWebKeySet, type KeySource, type VerificationKey } from './key-source.ts';

interface HmacKey {
  secret: Uint8Array;
  kid: string | undefined;
  alg: string | undefined;
}

export interface SecretKeySource extends KeySource {
  /** True when HS256/384/512 tokens can be verified at all. */
  readonly hasHmacKeys: boolean;
}

const isHmacAlg = (alg: unknown): boolean => typeof alg === 'string' && /^HS(256|384|512)$/.test(alg);

function parseJwks(text: string): JsonWebKeySet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError('--jwt-secret', 'looks like JSON but does not parse as a JWK or JWKS');
  }
  const keys = (parsed as { keys?: unknown }).keys ?? [parsed];
  if (!Array.isArray(keys) || keys.some((key) => typeof key !== 'object' || key === null || typeof key.kty !== 'string')) {
    throw new ConfigError('--jwt-secret', 'expected a JWK ({"kty": ...}) or a JWKS ({"keys": [...]})');
  }
  return { keys };
}

export function createSecretKeySource(secret: string): SecretKeySource {
  const label = '--jwt-secret';
  const isJson = secret.trim().startsWith('{');
  const jwks = isJson ? parseJwks(secret) : null;
  const hmacKeys: HmacKey[] = jwks
    ? jwks.keys
        .filter((jwk) => jwk.kty === 'oct')
        .map((jwk) => {
          if (typeof jwk.k !== 'string') throw new ConfigError(label, 'an "oct" JWK needs a "k" member');
          return { secret: base64url.decode(jwk.k), kid: jwk.kid as string | undefined, alg: jwk.alg as string | undefined };
        })
    : [{ secret: new TextEncoder().encode(secret), kid: undefined, alg: undefined }];
  const publicKeys = jwks ? jwks.keys.filter((jwk) => jwk.kty !== 'oct') : [];
  const publicSource = publicKeys.length > 0 ? createLocalKeySource(label, { keys: publicKeys }) : null;

  return {
    label,
    hasHmacKeys: hmacKeys.length > 0,
    async findKeys(header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<VerificationKey[]> {
      if (!isHmacAlg(header.alg)) return publicSource ? publicSource.findKeys(header, token) : [];
      return hmacKeys
        .filter((key) => (header.kid === undefined || key.kid === undefined || key.kid === header.kid) && (key.alg === undefined || key.alg === header.alg))
        .map((key) => key.secret);
    },
    prefetch: async () => {},
    close: () => {},
  };
}
