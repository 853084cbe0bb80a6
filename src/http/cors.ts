// CORS like PostgREST (wai-cors with its policy): preflights answered here, actual responses get Allow-Origin/Expose-Headers.
import type { HttpResponse } from '../response/http-response.ts';
import type { RawRequest } from './raw-request.ts';

const ALLOW_METHODS = 'GET, POST, PATCH, PUT, DELETE, OPTIONS, HEAD';
/** Always allowed, besides whatever the preflight asks for: what postgrest-js, supabase-js and neon-js send (Read-Your-Writes: replica routing). */
const BASE_ALLOW_HEADERS = [
  'Authorization',
  'Content-Type',
  'Accept',
  'Prefer',
  'Range',
  'Accept-Profile',
  'Content-Profile',
  'apikey',
  'x-client-info',
  'x-neon-client-info',
  'Read-Your-Writes',
];
const BASE_ALLOW_HEADERS_LOWER = new Set(BASE_ALLOW_HEADERS.map((h) => h.toLowerCase()));
/** Response headers scripts may read (PostgREST's list plus Preference-Applied and Content-Profile). */
const EXPOSE_HEADERS = [
  'Content-Encoding',
  'Content-Location',
  'Content-Range',
  'Content-Type',
  'Date',
  'Location',
  'Server',
  'Transfer-Encoding',
  'Range-Unit',
  'Preference-Applied',
  'Content-Profile',
  'Server-Timing',
].join(', ');
/** PostgREST: one day. */
const MAX_AGE_SECONDS = '86400';

/** The Access-Control-Allow-Origin value for this request, or null (no Origin, or an origin not on the list). */
function allowedOrigin(origin: string | undefined, allowed: readonly string[] | null): string | null {
  if (origin === undefined) return null;
  if (allowed === null) return '*';
  return allowed.includes(origin) ? origin : null;
}

export const isPreflight = (raw: RawRequest): boolean =>
  raw.method === 'OPTIONS' && raw.headers['origin'] !== undefined && raw.headers['access-control-request-method'] !== undefined;

/** 200 with the CORS grant, before routing or authentication (every path, like PostgREST); a refused origin gets no grant. */
export function preflightResponse(raw: RawRequest, allowed: readonly string[] | null): HttpResponse {
  const origin = allowedOrigin(raw.headers['origin'], allowed);
  const headers: Array<[string, string]> = [];
  if (allowed !== null) headers.push(['Vary', 'Origin']);
  if (origin === null) return { status: 200, headers, body: null };
  const requested = (raw.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  const allowHeaders = [...BASE_ALLOW_HEADERS, ...requested.filter((h) => !BASE_ALLOW_HEADERS_LOWER.has(h.toLowerCase()))];
  headers.push(
    ['Access-Control-Allow-Origin', origin],
    ['Access-Control-Allow-Methods', ALLOW_METHODS],
    ['Access-Control-Allow-Headers', allowHeaders.join(', ')],
    ['Access-Control-Max-Age', MAX_AGE_SECONDS],
  );
  return { status: 200, headers, body: null };
}

/** Adds Allow-Origin and Expose-Headers to an actual response when the request came from an allowed origin. */
export function withCorsHeaders(raw: RawRequest, response: HttpResponse, allowed: readonly string[] | null): HttpResponse {
  const origin = allowedOrigin(raw.headers['origin'], allowed);
  if (origin === null) return response;
  const headers = response.headers.filter(([name]) => name.toLowerCase() !== 'access-control-allow-origin');
  headers.push(['Access-Control-Allow-Origin', origin], ['Access-Control-Expose-Headers', EXPOSE_HEADERS]);
  if (allowed !== null) headers.push(['Vary', 'Origin']);
  return { ...response, headers };
}
