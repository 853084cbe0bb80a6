// The request's role against the schema cache: a token may only select a role the login role can switch to.
import type { AuthResult } from '../auth/auth-result.ts';
import { ApiError } from '../errors/api-error.ts';
import type { SchemaCache } from '../schema/types.ts';

/** PostgreSQL's own role errors (SQLSTATEs, not PGRST codes), answered before any transaction starts. */
const unauthorized = (sqlState: '22023' | '42501', message: string): ApiError =>
  ApiError.fromDatabase(sqlState, { status: 401, message, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });

/**
 * Token roles only (the anonymous role is configuration). The messages are PostgreSQL's, which
 * PostgREST v13 returns: 22023 for an unknown role (401 there too), 42501 when SET ROLE is not
 * allowed (PostgREST: 403, and the login role itself is accepted; ours: 401 for both, see docs/security.md).
 */
export function authorizeRole(auth: AuthResult, cache: SchemaCache): void {
  if (auth.anonymous) return;
  const switchable = cache.roles.get(auth.role);
  if (switchable === undefined) throw unauthorized('22023', `role "${auth.role}" does not exist`);
  if (!switchable) throw unauthorized('42501', `permission denied to set role "${auth.role}"`);
}
