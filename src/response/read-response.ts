// A read's decoded result → status, Content-Type, Content-Range; the body passes through as text.
import { reportedTotal } from '../plan/count-strategy.ts';
import type { ReadRequestPlan } from '../plan/types.ts';
import { contentRange, rangeStatus } from './content-range.ts';
import type { DbResult } from './db-result.ts';
import type { HttpResponse } from './http-response.ts';
import { contentTypeFor } from './media.ts';

export function respondRead(plan: ReadRequestPlan, result: DbResult): HttpResponse {
  const total = reportedTotal(plan.count, result.countedTotal, result.plannedTotal);
  const offset = plan.read.offset;
  const headers: Array<[string, string]> = [
    ['Content-Type', contentTypeFor(plan.media)],
    ['Content-Range', contentRange(offset, result.pageTotal, total)],
  ];
  return { status: rangeStatus(offset, result.pageTotal, total), headers, body: plan.headOnly ? null : result.body ?? '' };
}
