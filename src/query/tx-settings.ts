// The per-request settings statement: one SELECT of set_config(..., true) calls, names and values bound.
import { READ_ONLY_CALL } from './read-only.ts';
import type { Routine, SettingPair } from '../schema/types.ts';
import { quoteIdent } from './quote.ts';
import { join, param, raw, rebind, sql, toStatement, type Fragment, type Statement } from './fragment.ts';

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
  const roleSettings = context.roleSettings ?? NONE;
  const functionSettings = context.functionSettings ?? NONE;
  const appSettings = context.appSettings ?? NONE;
  const values: unknown[] = [searchPathValue(context.searchPath)];
  pushPairs(values, roleSettings);
  values.push(context.role, context.claimsJson, context.method, context.path, JSON.stringify(context.headers), JSON.stringify(context.cookies));
  if (context.timezone) values.push(context.timezone);
  pushPairs(values, functionSettings);
  pushPairs(values, appSettings);
  return rebind(settingsText(context.readOnly, roleSettings.length, !!context.timezone, functionSettings.length, appSettings.length), values);
}

const NONE: readonly SettingPair[] = [];

function pushPairs(values: unknown[], pairs: readonly SettingPair[]): void {
  for (const [name, value] of pairs) values.push(name, value);
}

/** The statement's text depends only on which settings there are and how many: made once per shape, then rebound. */
const texts = new Map<string, Statement>();

function settingsText(readOnly: boolean, roleCount: number, timezone: boolean, functionCount: number, appCount: number): Statement {
  const key = `${readOnly ? 'r' : 'w'}${roleCount}.${timezone ? 't' : ''}${functionCount}.${appCount}`;
  let statement = texts.get(key);
  if (statement === undefined) {
    // Placeholder values: only the text and the parameter count are kept (rebind supplies the values).
    const pairs = (n: number): SettingPair[] => Array.from({ length: n }, () => ['', '']);
    const calls = [
      ...(readOnly ? [raw(READ_ONLY_CALL)] : []),
      sql`set_config('search_path', ${param('')}, true)`,
      ...setConfigs(pairs(roleCount)),
      sql`set_config('role', ${param('')}, true)`,
      sql`set_config('request.jwt.claims', ${param('')}, true)`,
      sql`set_config('request.method', ${param('')}, true)`,
      sql`set_config('request.path', ${param('')}, true)`,
      sql`set_config('request.headers', ${param('')}, true)`,
      sql`set_config('request.cookies', ${param('')}, true)`,
      ...(timezone ? [sql`set_config('timezone', ${param('')}, true)`] : []),
      ...setConfigs(pairs(functionCount)),
      ...setConfigs(pairs(appCount)),
    ];
    texts.set(key, (statement = toStatement(sql`SELECT ${join(calls, ', ')}`)));
  }
  return statement;
}

/** The request's schema first, then db-extra-search-path, each once, quoted; the last list's text is reused. */
let lastSearchPath: { schemas: readonly string[]; text: string } = { schemas: [], text: '' };
function searchPathValue(schemas: readonly string[]): string {
  const last = lastSearchPath;
  if (schemas.length === last.schemas.length && schemas.every((schema, i) => schema === last.schemas[i])) return last.text;
  const text = [...new Set(schemas)].map(quoteIdent).join(', ');
  lastSearchPath = { schemas: [...schemas], text };
  return text;
}
