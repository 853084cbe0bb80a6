// DbResult: the main statement's row plus the EXPLAIN estimate when a planned count was asked for.
import type { StatementRows } from '../db/executor.ts';
import type { MainRow } from './main-statement.ts';

export interface DbResult extends MainRow {
  /** Rows the planner estimates for the request (Prefer: count=planned|estimated), else null. */
  planned_total: number | null;
}

/** The main statement is always last; an EXPLAIN (FORMAT JSON) statement, when present, comes just before it. */
export function toDbResult(rows: StatementRows): DbResult {
  const main = rows[rows.length - 1] as unknown as MainRow;
  const before = rows.length >= 2 ? rows[rows.length - 2] : undefined;
  const explain = before && 'QUERY PLAN' in before ? before : undefined;
  return { ...main, planned_total: explain ? plannedRows(explain) : null };
}

function plannedRows(row: Record<string, unknown>): number | null {
  const value = row['QUERY PLAN'];
  const plan = typeof value === 'string' ? JSON.parse(value) : value;
  const rows = Array.isArray(plan) ? plan[0]?.Plan?.['Plan Rows'] : undefined;
  return typeof rows === 'number' ? rows : null;
}
