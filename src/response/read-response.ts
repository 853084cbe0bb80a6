// A read's decoded result → status, Content-Type, Content-Range; the body passes through as text.
import { reportedTotal } from '../plan/count-strategy.ts';
import type { ReadRequestPlan } from '../plan/types.ts';
import { contentRange, rangeNotSatisfiableBody, rangeStatus } from './content-range.ts';
import type { DbResult } from './db-result.ts';
import type { HttpResponse } from './http-response.ts';
import { contentTypeFor } from './media.ts';

export function respondRead(plan: ReadRequestPlan, result: DbResult): HttpResponse {
  const total = reportedTotal(plan.count, result.countedTotal, result.plannedTotal);
  const offset = plan.read.offset;
  const headers: Array<[string, string]> = [
    ['Content-Type', contentTypeFor(plan.media)],
    ['Content-Range', contentRange(offset, result.pageTotal, total)],
    ['Content-Location', contentLocation(plan)],
  ];
  const status = rangeStatus(offset, result.pageTotal, total);
  if (status === 416) return { status, headers, body: plan.headOnly ? null : rangeNotSatisfiableBody(offset, total) };
  return { status, headers, body: plan.headOnly ? null : (result.body ?? '') };
}

/** `/table?canonical-query`: where this representation lives (PostgREST sends it on table reads only). */
function contentLocation(plan: ReadRequestPlan): string {
  const query = plan.request.canonicalQuery;
  return `/${encodeURIComponent(plan.read.table.name)}${query === '' ? '' : `?${query}`}`;
}
