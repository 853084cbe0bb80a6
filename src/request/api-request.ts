// RawRequest → ApiRequest: path → target, method → action, and every header/query/body parser.
import { canonicalQuery } from './canonical-query.ts';
import type { RawRequest } from './raw-request.ts';
import type { Action, ApiRequest, Target } from './types.ts';
import { ApiError } from '../errors/api-error.ts';
import { negotiateAccept } from './accept.ts';
import { parseCookies } from './cookies.ts';
import { parsePayload } from './payload.ts';
import { parsePreferences } from './preferences.ts';
import { resolveProfile } from './profile.ts';
import { decodeComponent, parseQueryParams } from './query-params.ts';
import { buildRanges, parseRangeHeader } from './range.ts';
import { rpcMethodNotAllowed, unsupportedMethod } from '../errors/request-errors.ts';

export interface ParseOptions {
  /** Exposed schemas; the first is the default. */
  schemas: string[];
  /** ST_AsGeoJSON is installed (cache.postgisSchema); without it application/geo+json is not offered. Default true. */
  geoJson?: boolean;
  /** db-root-spec is set: GET / is a function call, so its query parameters may be arguments. */
  rootSpec?: boolean;
}

type Method = ApiRequest['method'];
const METHODS = new Set<string>(['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS']);

/** Path segments are decoded one by one, so `%2F` inside a name is not a separator. */
function decodePathSegment(segment: string): string {
  // `+` is literal in a path (only the query string uses it for space).
  return decodeComponent(segment.replaceAll('+', '%2B'));
}

/** `/` → root, `/name` → relation, `/rpc/name` → routine; a trailing slash is tolerated. */
export function parseTarget(rawPath: string): { target: Target; path: string } {
  const segments = rawPath.split('/').slice(1).map(decodePathSegment);
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  const path = `/${segments.join('/')}`;
  if (segments.length === 0 || (segments.length === 1 && segments[0] === '')) return { target: { kind: 'root' }, path };
  if (segments.length === 1) return { target: { kind: 'relation', name: segments[0]! }, path };
  if (segments.length === 2 && segments[0] === 'rpc' && segments[1] !== '') return { target: { kind: 'routine', name: segments[1]! }, path };
  throw new ApiError('PGRST125', { message: 'Invalid path specified in request URL' });
}

export function resolveAction(method: string, target: Target): { method: Method; action: Action } {
  if (target.kind === 'routine') {
    if (method === 'GET' || method === 'HEAD' || method === 'POST') return { method, action: { kind: 'call', method } };
    if (method === 'OPTIONS') return { method, action: { kind: 'info' } };
    throw rpcMethodNotAllowed(method);
  }
  if (!METHODS.has(method)) throw unsupportedMethod(method);
  const m = method as Method;
  if (target.kind === 'root') {
    if (m === 'GET' || m === 'HEAD') return { method: m, action: { kind: 'root', headOnly: m === 'HEAD' } };
    if (m === 'OPTIONS') return { method: m, action: { kind: 'info' } };
    throw unsupportedMethod(method);
  }
  switch (m) {
    case 'GET':
    case 'HEAD':
      return { method: m, action: { kind: 'read', headOnly: m === 'HEAD' } };
    case 'POST':
      return { method: m, action: { kind: 'create' } };
    case 'PATCH':
      return { method: m, action: { kind: 'update' } };
    case 'PUT':
      return { method: m, action: { kind: 'upsert' } };
    case 'DELETE':
      return { method: m, action: { kind: 'delete' } };
    case 'OPTIONS':
      return { method: m, action: { kind: 'info' } };
  }
}

function needsPayload(action: Action): boolean {
  return action.kind === 'create' || action.kind === 'update' || action.kind === 'upsert' || (action.kind === 'call' && action.method === 'POST');
}

/** request.headers: every header but Cookie (which goes to request.cookies only, as in PostgREST), names in lower case. */
export function requestHeaders(raw: Readonly<Record<string, string>>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) if (name !== 'cookie') headers[name.toLowerCase()] = value;
  return headers;
}

/**
 * Parses everything about a request that needs no schema knowledge. Throws ApiError (PGRST1xx)
 * on the first problem; the order of checks follows PostgREST (path, method, query, headers,
 * body).
 */
export function parseApiRequest(raw: RawRequest, options: ParseOptions): ApiRequest {
  const method = raw.method.toUpperCase();
  const { target, path } = parseTarget(raw.path);
  const { method: m, action } = resolveAction(method, target);
  const rpcRead = (action.kind === 'call' && action.method !== 'POST') || (action.kind === 'root' && options.rootSpec === true);
  const query = parseQueryParams(raw.rawQuery, rpcRead);

  const topPaging = query.paging.find((p) => p.path.length === 0);
  if (m === 'PUT' && topPaging) throw new ApiError('PGRST114', { message: 'limit/offset querystring parameters are not allowed for PUT' });

  // RFC 9110: Range is only defined for GET (HEAD mirrors it); other methods ignore it.
  const header = m === 'GET' || m === 'HEAD' ? parseRangeHeader(raw.headers['range']) : null;
  const ranges = buildRanges(query.paging, header);

  const preferences = parsePreferences(raw.headers['prefer']);
  const { schema, fromProfile } = resolveProfile(m, raw.headers, options.schemas);
  const accept = negotiateAccept(raw.headers['accept'], action, options.geoJson ?? true);
  const payload = needsPayload(action) ? parsePayload(raw.body, raw.headers['content-type'], { isCall: action.kind === 'call', columns: query.columns }) : null;

  return {
    method: m,
    path,
    target,
    action,
    schema,
    schemaFromProfile: fromProfile,
    canonicalQuery: canonicalQuery(raw.rawQuery),
    select: query.select ?? [{ kind: 'star' }],
    filters: query.filters,
    logic: query.logic,
    order: query.order,
    ranges,
    rangeHeaderPresent: header !== null,
    columns: query.columns,
    onConflict: query.onConflict,
    rpcQueryArgs: query.rpcQueryArgs,
    preferences,
    accept,
    payload,
    headers: requestHeaders(raw.headers),
    cookies: parseCookies(raw.headers['cookie']),
  };
}
