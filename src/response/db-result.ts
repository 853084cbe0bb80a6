// DbResult: the statements' rows decoded once (numbers, GUC status/headers, write extras, EXPLAIN estimate).
import type { StatementRows } from '../db/executor.ts';
import type { MainRow } from '../query/main-statement.ts';
import type { WriteRow } from '../query/mutate-statement.ts';
import { parseResponseHeaders, parseResponseStatus } from './guc-headers.ts';

export interface DbResult {
  /** The total the main statement counted (count=exact, or estimated below its cap), else null. */
  countedTotal: number | null;
  /** Rows in this page (affected rows for writes). */
  pageTotal: number;
  /** Rows the planner estimates for the request (EXPLAIN, for count=planned|estimated), else null. */
  plannedTotal: number | null;
  /** Built by Postgres (JSON, CSV, base64 for bytea); null for HEAD and bodiless writes. */
  body: string | null;
  /** response.status set by SQL (functions, triggers, pre-request); PGRST112 when invalid. */
  gucStatus: number | null;
  /** response.headers set by SQL, in order, repeats kept (Set-Cookie); PGRST111 when invalid. */
  gucHeaders: Array<[string, string]>;
  /** Writes: the single inserted row's primary-key values as text, for Location. */
  location: Array<string | null> | null;
  /** Upserts: rows inserted rather than updated; null when not tracked. */
  inserted: number | null;
  /** The main statement's EXPLAIN (FORMAT JSON) output, for the plan media type; null otherwise. */
  queryPlan: string | null;
}

/**
 * The main statement is always last; an EXPLAIN (FORMAT JSON) statement, when present, comes just before it.
 * Throws PGRST111/PGRST112 for unusable GUC values (before commit, this rolls the transaction back).
 */
export function decodeDbResult(rows: StatementRows): DbResult {
  const main = (rows[rows.length - 1] ?? {}) as Partial<MainRow & WriteRow>;
  const before = rows.length >= 2 ? rows[rows.length - 2] : undefined;
  const explain = before && 'QUERY PLAN' in before ? before : undefined;
  return {
    countedTotal: toNumber(main.total),
    pageTotal: toNumber(main.page_total) ?? 0,
    plannedTotal: explain ? plannedRows(explain) : null,
    body: main.body ?? null,
    gucStatus: parseResponseStatus(main.response_status ?? null),
    gucHeaders: parseResponseHeaders(main.response_headers ?? null),
    location: main.location == null ? null : (JSON.parse(main.location) as Array<string | null>),
    inserted: toNumber(main.inserted),
    queryPlan: planText((main as Record<string, unknown>)['QUERY PLAN']),
  };
}

const planText = (value: unknown): string | null => (value === undefined || value === null ? null : typeof value === 'string' ? value : JSON.stringify(value));

/** bigint columns arrive as text, int columns as numbers. */
const toNumber = (value: string | number | null | undefined): number | null => (value == null ? null : Number(value));

function plannedRows(row: Record<string, unknown>): number | null {
  const value = row['QUERY PLAN'];
  const plan: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  const rows: unknown = Array.isArray(plan) ? (plan[0] as { Plan?: Record<string, unknown> } | undefined)?.Plan?.['Plan Rows'] : undefined;
  return typeof rows === 'number' ? rows : null;
}
