// Shapes the main row of a read into an HttpResponse: status, Content-Range, body passed through as text.
import { ApiError } from '../errors/api-error.ts';
import type { DatabasePlan, ReadRequestPlan } from '../plan/types.ts';
import { SINGULAR_OBJECT } from '../request/types.ts';
import type { DbResult } from '../query/db-result.ts';
import { contentRange, rangeStatus } from './content-range.ts';
import { JSON_CONTENT_TYPE } from './error-response.ts';
import { parseResponseHeaders, parseResponseStatus } from './guc-headers.ts';
import type { HttpResponse } from './http-response.ts';
import { checkCallBeforeCommit, respondCall } from './respond-call.ts';
import { respondInfo } from './info-response.ts';
import { checkWriteBeforeCommit, respondWrite, writeNeedsCheckBeforeCommit } from './mutate-response.ts';


/** Raised before commit so a singular write that touched ≠ 1 row rolls back. */
export function checkSingular(plan: Pick<ReadRequestPlan, 'media'>, row: DbResult): void {
  if (plan.media.type !== SINGULAR_OBJECT || row.page_total === 1) return;
  throw new ApiError('PGRST116', {
    message: 'JSON object requested, multiple (or no) rows returned',
    details: `The result contains ${row.page_total} rows`,
  });
}

export function contentTypeFor(plan: Pick<ReadRequestPlan, 'media'>): string {
  const type = plan.media.type === '*/*' ? 'application/json' : plan.media.type;
  const nulls = plan.media.stripNulls ? '; nulls=stripped' : '';
  return type === 'text/csv' ? 'text/csv; charset=utf-8' : type === 'application/json' && !nulls ? JSON_CONTENT_TYPE : `${type}${nulls}; charset=utf-8`;
}

/** The total to report for the requested count preference (null = unknown, `*`). */
export function resolveTotal(count: ReadRequestPlan['count'], maxRows: number | null, row: DbResult): number | null {
  const exact = row.total === null ? null : Number(row.total);
  if (count === 'planned') return row.planned_total;
  if (count === 'estimated' && maxRows !== null && exact !== null && exact > maxRows) return Math.max(row.planned_total ?? exact, exact);
  return exact;
}

/** Preferences echoed on reads: count and handling (return/resolution/… do not apply to reads). */
export function appliedForRead(plan: ReadRequestPlan): string[] {
  return plan.request.preferences.applied.filter((p) => p.startsWith('count=') || p.startsWith('handling='));
}

export function respondRead(plan: ReadRequestPlan, row: DbResult): HttpResponse {
  const total = resolveTotal(plan.count, plan.maxRows, row);
  const offset = plan.read.offset;
  let status = rangeStatus(offset, row.page_total, total);
  const headers: Array<[string, string]> = [
    ['Content-Type', contentTypeFor(plan)],
    ['Content-Range', contentRange(offset, row.page_total, total)],
  ];
  const applied = appliedForRead(plan);
  if (applied.length > 0) headers.push(['Preference-Applied', applied.join(', ')]);
  if (plan.request.schemaFromProfile) headers.push(['Content-Profile', plan.request.schema]);
  headers.push(...parseResponseHeaders(row.response_headers));
  status = parseResponseStatus(row.response_status) ?? status;
  return { status, headers, body: plan.headOnly ? null : row.body ?? '' };
}

/** Checks that must pass before the transaction commits (a throw rolls it back). Dispatch by plan kind. */
export function checkBeforeCommit(plan: DatabasePlan, row: DbResult): void {
  switch (plan.kind) {
    case 'read':
      return checkSingular(plan, row);
    case 'call':
      return checkCallBeforeCommit(plan, row);
    case 'mutate':
      return checkWriteBeforeCommit(plan, row);
  }
}

/**
 * Whether the checks above can fail for this plan after its statements succeeded, so the transaction
 * must wait for them before committing. Reads are read-only (nothing to roll back); a write that asked
 * for no singular object, no PUT and no max-affected commits in the same round trip. (A trigger that
 * sets an invalid response.status/headers on such a write is reported after the commit.)
 */
export function needsCheckBeforeCommit(plan: DatabasePlan): boolean {
  switch (plan.kind) {
    case 'read':
      return false;
    case 'call':
      return !plan.readOnly;
    case 'mutate':
      return writeNeedsCheckBeforeCommit(plan);
  }
}

/** The HTTP response for a plan's main row. Dispatch by plan kind. */
export function respond(plan: DatabasePlan, row: DbResult): HttpResponse {
  switch (plan.kind) {
    case 'read':
      return respondRead(plan, row);
    case 'call':
      return respondCall(plan, row);
    case 'mutate':
      return respondWrite(plan, row);
  }
}
