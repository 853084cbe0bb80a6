// The per-request settings statement: one SELECT of set_config(..., true) calls, names and values bound.
import { READ_ONLY_CALL } from './read-only.ts';
import type { Routine, SettingPair } from '../schema/types.ts';
import { quoteIdent } from './quote.ts';
import { join, param, raw, sql, toStatement, type Fragment, type Statement } from './fragment.ts';

export interface RequestContext {
  /** A read: the statement also makes the transaction read-only (see READ_ONLY_SELECT). */
  readOnly: boolean;
  role: string;
  /** request.jwt.claims: the claims' JSON, made once per verified token (AuthResult.claimsJson). */
  claimsJson: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  cookies: Record<string, string>;
  /** The request's schema first, then db-extra-search-path. */
  searchPath: readonly string[];
  /** The impersonated role's settings (ALTER ROLE … SET), from the schema cache. */
  roleSettings?: readonly SettingPair[];
  /** An RPC's hoisted function settings (see hoistedSettings). */
  functionSettings?: readonly SettingPair[];
  /** `Prefer: timezone=`, already checked against pg_timezone_names by the planner. */
  timezone?: string | null;
  /** `app.settings.*` from the configuration, set for every request. */
  appSettings?: readonly SettingPair[];
}

/** Applied at BEGIN, never by set_config: it can only take effect before the transaction's first query. */
const ISOLATION_SETTING = 'default_transaction_isolation';

/** The function's SET clauses that db-hoisted-tx-settings lets govern the whole transaction. */
export function hoistedSettings(routine: Routine, hoisted: readonly string[]): SettingPair[] {
  return routine.settings.filter(([name]) => name !== ISOLATION_SETTING && hoisted.includes(name));
}

/** The function's default_transaction_isolation, when hoisted. */
export function hoistedIsolation(routine: Routine, hoisted: readonly string[]): string | null {
  if (!hoisted.includes(ISOLATION_SETTING)) return null;
  return [...routine.settings].reverse().find(([name]) => name === ISOLATION_SETTING)?.[1] ?? null;
}

const setConfigs = (pairs: readonly SettingPair[]): Fragment[] => pairs.map(([name, value]) => sql`set_config(${param(name)}, ${param(value)}, true)`);

/**
 * Runs before the main statement, never inside it: privileges and RLS are checked for the role current
 * when a statement starts, so a role set inside the governed statement would not apply. The order is
 * PostgREST's: role settings before the role (so `GRANT SET ON PARAMETER … TO authenticator` suffices),
 * function settings last (they override the role's). A statement_timeout set here governs the main
 * statement: PostgreSQL arms the timer afresh for each Execute of the pipeline (verified on 17). A read's
 * statement begins by making the transaction read-only (always allowed, unlike turning it off after a snapshot),
 * so the executor sends no statement of its own for it.
 */
export function buildSettingsStatement(context: RequestContext): Statement {
  const searchPath = [...new Set(context.searchPath)].map(quoteIdent).join(', ');
  const calls = [
    ...(context.readOnly ? [raw(READ_ONLY_CALL)] : []),
    sql`set_config('search_path', ${param(searchPath)}, true)`,
    ...setConfigs(context.roleSettings ?? []),
    sql`set_config('role', ${param(context.role)}, true)`,
    sql`set_config('request.jwt.claims', ${param(context.claimsJson)}, true)`,
    sql`set_config('request.method', ${param(context.method)}, true)`,
    sql`set_config('request.path', ${param(context.path)}, true)`,
    sql`set_config('request.headers', ${param(JSON.stringify(context.headers))}, true)`,
    sql`set_config('request.cookies', ${param(JSON.stringify(context.cookies))}, true)`,
    ...(context.timezone ? [sql`set_config('timezone', ${param(context.timezone)}, true)`] : []),
    ...setConfigs(context.functionSettings ?? []),
    ...setConfigs(context.appSettings ?? []),
  ];
  return toStatement(sql`SELECT ${join(calls, ', ')}`);
}
