// The per-request settings statement: one fixed SELECT of set_config(..., true) calls, values bound.
import { quoteIdent } from './quote.ts';
import { param, sql, toStatement, type Statement } from './fragment.ts';

export interface RequestContext {
  role: string;
  claims: Record<string, unknown>;
  method: string;
  path: string;
  headers: Record<string, string>;
  cookies: Record<string, string>;
  /** The request's schema first, then db-extra-search-path. */
  searchPath: readonly string[];
}

/**
 * Runs before the main statement, never inside it: privileges and RLS are checked for the role current
 * when a statement starts, so a role set inside the governed statement would not apply.
 */
export function buildSettingsStatement(context: RequestContext): Statement {
  const searchPath = [...new Set(context.searchPath)].map(quoteIdent).join(', ');
  return toStatement(sql`SELECT set_config('search_path', ${param(searchPath)}, true), set_config('role', ${param(context.role)}, true), set_config('request.jwt.claims', ${param(JSON.stringify(context.claims))}, true), set_config('request.method', ${param(context.method)}, true), set_config('request.path', ${param(context.path)}, true), set_config('request.headers', ${param(JSON.stringify(context.headers))}, true), set_config('request.cookies', ${param(JSON.stringify(context.cookies))}, true)`);
}
