// Token text → signature-verified claims, or PGRST301 (bad token/key/alg), PGRST303 (payload not
// a JSON object) or 503 (no key set loadable). The only place a signature is checked.
import { compactVerify, decodeProtectedHeader, type FlattenedJWSInput, type JWSHeaderParameters } from 'jose';
import { ApiError } from '../errors/api-error.ts';
import { claimsInvalid, keySetsUnavailable, MESSAGES, tokenInvalid } from './auth-errors.ts';
import { KeySetUnavailableError, type VerificationKey } from './key-source.ts';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../json-depth.ts';
import { verifyOnNode } from './node-signature.ts';

export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
export const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;

// Header parameters that let the token name its own key. We only trust configured keys, and
// jose ignores these anyway; rejecting them outright makes that policy visible.
const SELF_KEYING_HEADERS = ['jku', 'x5u', 'jwk'] as const;

export interface SignatureVerifier {
  allowedAlgorithms: ReadonlySet<string>;
  findKeys(header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<VerificationKey[]>;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function readHeader(token: string): JWSHeaderParameters {
  try {
    return decodeProtectedHeader(token) as JWSHeaderParameters;
  } catch {
    throw tokenInvalid(MESSAGES.undecodable);
  }
}

function parsePayload(bytes: Uint8Array): Record<string, unknown> {
  let claims: unknown;
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw claimsInvalid(MESSAGES.parsingClaims);
  }
  // Claims are stringified into request.jwt.claims: a deep payload would overflow the stack there.
  if (jsonDepthExceeds(text)) throw tokenInvalid(MESSAGES.undecodable, `The JWT claims nest deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    claims = JSON.parse(text);
  } catch {
    throw claimsInvalid(MESSAGES.parsingClaims);
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw claimsInvalid(MESSAGES.parsingClaims);
  return claims as Record<string, unknown>;
}

/** `token` has already been checked to have three dot-separated parts. */
export async function verifySignature(token: string, verifier: SignatureVerifier): Promise<Record<string, unknown>> {
  const header = readHeader(token);
  const alg = header.alg;
  if (typeof alg !== 'string' || !verifier.allowedAlgorithms.has(alg)) throw tokenInvalid(MESSAGES.badAlgorithm);
  for (const name of SELF_KEYING_HEADERS) {
    if (name in header) throw tokenInvalid(MESSAGES.noKey, `Tokens carrying a "${name}" header are not accepted; keys come only from configured key sets.`);
  }
  // JWTs must use the base64url payload (RFC 7797 §7); compactVerify alone would accept b64=false.
  if (header.b64 !== undefined && header.b64 !== true) throw tokenInvalid(MESSAGES.undecodable);

  const [protectedHeader, payload, signature] = token.split('.') as [string, string, string];
  let keys: VerificationKey[];
  try {
    keys = await verifier.findKeys(header, { protected: protectedHeader, payload, signature });
  } catch (error) {
    if (error instanceof KeySetUnavailableError) throw keySetsUnavailable(error.retryAfterSeconds);
    throw error;
  }
  if (keys.length === 0) throw tokenInvalid(MESSAGES.noKey);

  for (const key of keys) {
    const verdict = verifyOnNode(token, header, key);
    if (verdict === true) return parsePayload(Buffer.from(payload, 'base64url'));
    if (verdict === false) continue;
    try {
      const result = await compactVerify(token, key, { algorithms: [alg] });
      return parsePayload(result.payload);
    } catch (error) {
      if (error instanceof ApiError) throw error; // from parsePayload
      if ((error as { code?: string }).code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') continue;
      // Malformed base64, bad crit, key/alg mismatch: the token cannot be verified as sent.
      throw tokenInvalid(MESSAGES.undecodable);
    }
  }
  throw tokenInvalid(MESSAGES.badCrypto);
}
