// An RPC's decoded result: 204 for void, bare values, objects, arrays (with ranges), raw text/bytes.
import type { CallRequestPlan } from '../plan/call-types.ts';
import { reportedTotal } from '../plan/count-strategy.ts';
import { contentRange, rangeNotSatisfiableBody, rangeStatus } from './content-range.ts';
import type { DbResult } from './db-result.ts';
import type { HttpResponse } from './http-response.ts';
import { contentTypeFor, rawContentType } from './media.ts';

export function respondCall(plan: CallRequestPlan, result: DbResult): HttpResponse {
  if (plan.returns === 'void') return { status: 204, headers: [], body: null };
  const total = reportedTotal(plan.count, result.countedTotal, result.plannedTotal);
  const offset = plan.read?.offset ?? plan.offset;
  const isSet = plan.returns === 'setof-composite' || plan.returns === 'setof-scalar';
  const headers: Array<[string, string]> = [
    ['Content-Type', plan.rawOutput === null ? contentTypeFor(plan.media) : rawContentType(plan.media)],
    ['Content-Range', contentRange(offset, result.pageTotal, total)],
  ];
  const status = isSet ? rangeStatus(offset, result.pageTotal, total) : 200;
  if (status === 416) return { status, headers, body: plan.headOnly ? null : rangeNotSatisfiableBody(offset, total) };
  let body: string | Buffer | null = plan.headOnly ? null : (result.body ?? '');
  if (body !== null && plan.rawOutput === 'binary') body = Buffer.from(body, 'base64');
  return { status, headers, body };
}
