// Shapes the main row of a read into an HttpResponse: status, Content-Range, body passed through as text.
import { ApiError } from '../errors/api-error.ts';
import type { Plan, ReadRequestPlan } from '../plan/types.ts';
import type { MainRow } from '../query/main-statement.ts';
import { contentRange, rangeStatus } from './content-range.ts';
import { JSON_CONTENT_TYPE } from './error-response.ts';
import { parseResponseHeaders, parseResponseStatus } from './guc-headers.ts';
import type { HttpResponse } from './http-response.ts';
import { checkCallBeforeCommit, respondCall } from './respond-call.ts';

const SINGULAR = 'application/vnd.pgrst.object+json';

/** Raised before commit so a singular write that touched ≠ 1 row rolls back. */
export function checkSingular(plan: Pick<ReadRequestPlan, 'media'>, row: MainRow): void {
  if (plan.media.type !== SINGULAR || row.page_total === 1) return;
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

export function respondRead(plan: ReadRequestPlan, row: MainRow): HttpResponse {
  const total = row.total === null ? null : Number(row.total);
  const offset = plan.read.offset;
  let status = rangeStatus(offset, row.page_total, total);
  const headers: Array<[string, string]> = [
    ['Content-Type', contentTypeFor(plan)],
    ['Content-Range', contentRange(offset, row.page_total, total)],
  ];
  if (plan.count !== null) headers.push(['Preference-Applied', `count=${plan.count}`]);
  if (plan.request.schemaFromProfile) headers.push(['Content-Profile', plan.request.schema]);
  headers.push(...parseResponseHeaders(row.response_headers));
  status = parseResponseStatus(row.response_status) ?? status;
  return { status, headers, body: plan.headOnly ? null : row.body ?? '' };
}

/** Checks that must pass before the transaction commits (a throw rolls it back). Dispatch by plan kind. */
export function checkBeforeCommit(plan: Plan, row: MainRow): void {
  switch (plan.kind) {
    case 'read':
      return checkSingular(plan, row);
    case 'call':
      return checkCallBeforeCommit(plan, row);
  }
}

/** The HTTP response for a plan's main row. Dispatch by plan kind. */
export function respond(plan: Plan, row: MainRow): HttpResponse {
  switch (plan.kind) {
    case 'read':
      return respondRead(plan, row);
    case 'call':
      return respondCall(plan, row);
  }
}
