// The auth stage's errors: PostgREST's PGRST30x codes, messages and WWW-Authenticate headers.
import { ApiError } from '../errors/api-error.ts';

/** RFC 6750 §3: the header value must be a quoted-string, so escape `\` and `"`. */
const quoted = (text: string): string => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

const invalidTokenHeaders = (message: string): Record<string, string> => ({
  'WWW-Authenticate': `Bearer error="invalid_token", error_description=${quoted(message)}`,
});

/** PGRST301: the token could not be decoded or its signature could not be verified. */
export const tokenInvalid = (message: string, details: string | null = null): ApiError =>
  new ApiError('PGRST301', { message, details, headers: invalidTokenHeaders(message) });

/** PGRST302: no Authorization header and anonymous access is off. */
export const tokenRequired = (): ApiError => new ApiError('PGRST302', { message: 'Anonymous access is disabled', headers: { 'WWW-Authenticate': 'Bearer' } });

/** PGRST303: the signature is good but a claim (exp, nbf, iat, aud, iss) fails. */
export const claimsInvalid = (message: string, details: string | null = null): ApiError =>
  new ApiError('PGRST303', { message, details, headers: invalidTokenHeaders(message) });

/**
 * No configured key set could be loaded, so we cannot tell a good token from a bad one.
 * PostgREST has no JWKS and so no code for this. We answer 503 with PGRST000 (group 0 =
 * "a dependency is unreachable, retry later"), with our own message so it is never mistaken
 * for a database outage. Answering 401 would tell clients to throw away a good token.
 */
export const keySetsUnavailable = (retryAfterSeconds: number): ApiError =>
  new ApiError('PGRST000', {
    message: 'Could not load the JSON Web Key Set of any configured auth provider. Retrying.',
    details: 'The JWKS endpoint was unreachable, timed out or returned an invalid key set.',
    hint: 'Check --jwks-url and that this server can reach it.',
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });

// PostgREST v13's messages (Error.hs), kept in one place so tests and docs agree.
export const MESSAGES = {
  empty: 'Empty JWT is sent in Authorization header',
  parts: (n: number) => `Expected 3 parts in JWT; got ${n}`,
  noKey: 'No suitable key or wrong key type',
  badAlgorithm: 'Wrong or unsupported encoding algorithm',
  badCrypto: 'JWT cryptographic operation failed',
  undecodable: "JWT couldn't be decoded",
  tooLarge: 'JWT is too large', // ours: PostgREST has no size limit
  expired: 'JWT expired',
  notYetValid: 'JWT not yet valid',
  issuedAtFuture: 'JWT issued at future',
  notInAudience: 'JWT not in audience',
  wrongIssuer: 'JWT issuer not accepted', // ours: PostgREST does not check iss
  parsingClaims: 'Parsing claims failed',
  notNumber: (claim: string) => `The JWT '${claim}' claim must be a number`,
  audType: "The JWT 'aud' claim must be a string or an array of strings",
} as const;
