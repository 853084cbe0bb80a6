// Authorization header → the bearer token text, "no credentials", or PGRST301 for a bad header.
import { DEFAULTS } from '../config/defaults.ts';
import { MESSAGES, tokenInvalid } from './auth-errors.ts';

export type ParsedAuthorization = { kind: 'none' } | { kind: 'bearer'; token: string };

// RFC 7235: the scheme is case-insensitive and separated from the credentials by spaces.
const BEARER = /^bearer(?:[ \t]+(.*))?$/is;

/**
 * Only an absent header means anonymous. A present header that is empty, uses another scheme,
 * or carries no token is a client bug we report (PostgREST: "Empty JWT is sent ...") rather
 * than silently downgrading the request to the anonymous role.
 */
export function parseAuthorization(header: string | undefined): ParsedAuthorization {
  if (header === undefined) return { kind: 'none' };
  const value = header.trim();
  const match = BEARER.exec(value);
  if (!match) {
    const details = value === '' ? null : 'The Authorization header must use the Bearer scheme.';
    throw tokenInvalid(MESSAGES.empty, details);
  }
  const token = (match[1] ?? '').trim();
  if (token === '') throw tokenInvalid(MESSAGES.empty);
  if (Buffer.byteLength(token, 'utf8') > DEFAULTS.jwtMaxTokenBytes) {
    throw tokenInvalid(MESSAGES.tooLarge, `Tokens larger than ${DEFAULTS.jwtMaxTokenBytes} bytes are rejected.`);
  }
  const parts = token.split('.').length;
  if (parts !== 3) throw tokenInvalid(MESSAGES.parts(parts));
  return { kind: 'bearer', token };
}
