// openapi-mode=follow-privileges: which relations and functions of the schema the request's role may use.
// Runs after the settings statement, so current_user is the switched role (anonymous or the JWT's role).
import { param, sql, toStatement, type Statement } from './fragment.ts';

/** One row: `relations` and `functions`, each a JSON array (as text) of names. */
export interface RootPrivilegesRow {
  relations: string;
  functions: string;
}

/**
 * A relation counts when the role holds any table-level privilege a request could use, or a column-level
 * one (GRANT SELECT (col) …); a function when it may EXECUTE it. The schema is a bind value.
 */
export function buildRootPrivilegesStatement(schema: string): Statement {
  return toStatement(sql`SELECT
  (SELECT coalesce(json_agg(c.relname ORDER BY c.relname), '[]')::text
     FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ${param(schema)} AND c.relkind IN ('r', 'v', 'm', 'f', 'p')
      AND (pg_catalog.has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE')
           OR pg_catalog.has_any_column_privilege(c.oid, 'SELECT, INSERT, UPDATE'))) AS relations,
  (SELECT coalesce(json_agg(DISTINCT p.proname), '[]')::text
     FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = ${param(schema)} AND pg_catalog.has_function_privilege(p.oid, 'EXECUTE')) AS functions`);
}

/** The names the role may see (the statement always returns its one row). */
export function decodeRootPrivileges(row: Record<string, unknown> | undefined): { relations: Set<string>; functions: Set<string> } {
  const { relations, functions } = (row ?? {}) as Partial<RootPrivilegesRow>;
  return { relations: new Set(JSON.parse(relations ?? '[]') as string[]), functions: new Set(JSON.parse(functions ?? '[]') as string[]) };
}
