// SQLSTATE → HTTP status and error body: a port of PostgREST's mapping (docs: "HTTP Status Codes").
import { ApiError } from './api-error.ts';
import { DatabaseError } from './database-error.ts';
import { apiErrorFromRaisePgrst } from './raise-pgrst.ts';

const EXACT: Record<string, number> = {
  '23503': 409,
  '23505': 409,
  '25006': 405,
  P0001: 400,
  '42883': 404,
  '42P01': 404,
  '42P17': 500,
  '53400': 500,
  '57P01': 503,
};

/** By two-character class, after the exact codes (PostgREST's pgErrorStatus, v13). */
const BY_CLASS: Array<[string, number]> = [
  ['08', 503],
  ['09', 500],
  ['0L', 403],
  ['0P', 403],
  ['25', 500],
  ['28', 403],
  ['2D', 500],
  ['38', 500],
  ['39', 500],
  ['3B', 500],
  ['40', 500],
  ['53', 503],
  ['54', 500],
  ['55', 500],
  ['57', 500],
  ['58', 500],
  ['F0', 500],
  ['HV', 500],
  ['P0', 500],
  ['XX', 500],
];

/**
 * HTTP status for a SQLSTATE; `authenticated` decides 42501 (401 for anonymous, 403 otherwise) and
 * `message` the cases PostgREST tells apart by message: pg-safeupdate's 21000 ("… requires a WHERE
 * clause") is the client's fault (400), any other cardinality violation is the server's (500);
 * 42883 from xmlagg means an XML media type was asked for where none can be built (406).
 */
export function statusForSqlState(sqlState: string, authenticated: boolean, message = ''): number {
  if (sqlState === '42501') return authenticated ? 403 : 401;
  // RAISE ... USING ERRCODE = 'PT402' sets the HTTP status directly; a non-numeric PTxyz is a server error.
  if (sqlState.startsWith('PT')) return /^PT[1-5]\d{2}$/.test(sqlState) ? Number(sqlState.slice(2)) : 500;
  if (sqlState === '21000') return message.endsWith('requires a WHERE clause') ? 400 : 500;
  if (sqlState === '42883' && message.startsWith('function xmlagg(')) return 406;
  if (EXACT[sqlState] !== undefined) return EXACT[sqlState]!;
  const byClass = BY_CLASS.find(([prefix]) => sqlState.startsWith(prefix));
  return byClass ? byClass[1] : 400;
}

/** set_config('role', …) with a role from the token that does not exist: the token is not usable here. */
const isUnknownRole = (error: DatabaseError): boolean => error.sqlState === '22023' && /^role ".*" does not exist$/.test(error.message);

export function apiErrorFromDatabase(error: DatabaseError, authenticated: boolean): ApiError {
  if (error.sqlState === 'PGRST') return apiErrorFromRaisePgrst(error.message, error.detail);
  const status = isUnknownRole(error) ? 401 : statusForSqlState(error.sqlState, authenticated, error.message);
  const headers: Record<string, string> = {};
  if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
  return ApiError.fromDatabase(error.sqlState, { status, message: error.message, details: error.detail, hint: error.hint, headers });
}
