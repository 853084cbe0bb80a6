// One asymmetric JWS signature check on node:crypto, synchronously. jose v6 verifies through WebCrypto, where
// every call is a job on libuv's thread pool plus promises: with 50 verifications in flight, 77 µs of CPU per
// RS256 token against 32 µs here. This path runs only where it checks exactly what jose's compactVerify would:
// a public CryptoKey allowed to verify, whose algorithm is the one jose requires for the token's `alg` (name,
// hash, curve; RSA of 2048 bits or more), no `crit` header, and plain base64url segments. Anything else (HMAC
// secrets, crit, padding or a length no base64 has) returns undefined and is left to jose.
import { constants, KeyObject, verify, type VerifyKeyObjectInput } from 'node:crypto';
import type { JWSHeaderParameters } from 'jose';
import type { VerificationKey } from './key-source.ts';

interface Scheme {
  /** What the CryptoKey's `algorithm` must say (jose's checkCryptoKey). */
  name: string;
  hash?: string;
  namedCurve?: string;
  minRsaBits?: number;
  /** node:crypto's digest (null: the key's own, Ed25519) and padding/encoding. */
  digest: string | null;
  options: Omit<VerifyKeyObjectInput, 'key'>;
}

const pkcs1 = (bits: number): Scheme => ({ name: 'RSASSA-PKCS1-v1_5', hash: `SHA-${bits}`, minRsaBits: 2048, digest: `sha${bits}`, options: {} });
const pss = (bits: number): Scheme => ({
  name: 'RSA-PSS',
  hash: `SHA-${bits}`,
  minRsaBits: 2048,
  digest: `sha${bits}`,
  // RFC 7518 §3.5: the salt is as long as the hash.
  options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: bits / 8 },
});
// JWS carries ECDSA signatures as r‖s (IEEE P1363), not DER.
const ecdsa = (curve: string, bits: number): Scheme => ({ name: 'ECDSA', namedCurve: curve, digest: `sha${bits}`, options: { dsaEncoding: 'ieee-p1363' } });
const ed25519: Scheme = { name: 'Ed25519', digest: null, options: {} };

const SCHEMES: Readonly<Record<string, Scheme>> = {
  RS256: pkcs1(256),
  RS384: pkcs1(384),
  RS512: pkcs1(512),
  PS256: pss(256),
  PS384: pss(384),
  PS512: pss(512),
  ES256: ecdsa('P-256', 256),
  ES384: ecdsa('P-384', 384),
  ES512: ecdsa('P-521', 512),
  EdDSA: ed25519,
};

/** Three unpadded base64url segments; jose's decoder refuses a segment whose length leaves 1 over 4. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const decodable = (segment: string): boolean => segment.length % 4 !== 1;

/** Each key's KeyObject, made once (jose's key sets hand back the same CryptoKey for a kid and alg). */
const keyObjects = new WeakMap<CryptoKey, KeyObject>();

function usableKey(key: VerificationKey, scheme: Scheme): KeyObject | undefined {
  if (key instanceof Uint8Array || key.type !== 'public' || !key.usages.includes('verify')) return undefined;
  const algorithm = key.algorithm as { name: string; hash?: { name: string }; namedCurve?: string; modulusLength?: number };
  if (algorithm.name !== scheme.name) return undefined;
  if (scheme.hash !== undefined && algorithm.hash?.name !== scheme.hash) return undefined;
  if (scheme.namedCurve !== undefined && algorithm.namedCurve !== scheme.namedCurve) return undefined;
  if (scheme.minRsaBits !== undefined && !((algorithm.modulusLength ?? 0) >= scheme.minRsaBits)) return undefined;
  let keyObject = keyObjects.get(key);
  if (keyObject === undefined) {
    try {
      keyObject = KeyObject.from(key);
    } catch {
      return undefined; // a key this Node cannot export to node:crypto: jose checks it
    }
    keyObjects.set(key, keyObject);
  }
  return keyObject;
}

/**
 * Whether `key` signed `token` (whose decoded header is `header`), or undefined when this is not a case checked
 * here exactly as jose would: the caller then asks jose.
 */
export function verifyOnNode(token: string, header: JWSHeaderParameters, key: VerificationKey): boolean | undefined {
  const scheme = typeof header.alg === 'string' ? SCHEMES[header.alg] : undefined;
  if (scheme === undefined || header.crit !== undefined || !COMPACT_JWS.test(token)) return undefined;
  const signingEnd = token.lastIndexOf('.');
  const signature = token.slice(signingEnd + 1);
  // The header was decoded already (decodeProtectedHeader, jose's decoder).
  if (!decodable(token.slice(token.indexOf('.') + 1, signingEnd)) || !decodable(signature)) return undefined;
  const keyObject = usableKey(key, scheme);
  if (keyObject === undefined) return undefined;
  try {
    return verify(scheme.digest, Buffer.from(token.slice(0, signingEnd), 'latin1'), { key: keyObject, ...scheme.options }, Buffer.from(signature, 'base64url'));
  } catch {
    return false; // a malformed signature (jose: the same failure as a wrong one)
  }
}
