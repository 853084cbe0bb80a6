// Shapes an RPC's main row: 204 for void, bare values, objects, arrays (with ranges), raw text/bytes.
import type { CallRequestPlan } from '../plan/call-types.ts';
import type { DbResult } from '../query/db-result.ts';
import { contentRange, rangeStatus } from './content-range.ts';
import { parseResponseHeaders, parseResponseStatus } from './guc-headers.ts';
import type { HttpResponse } from './http-response.ts';
import { checkSingular, contentTypeFor } from './respond.ts';

/** Before commit: singular results, and GUC values a function set (bad ones roll the call back). */
export function checkCallBeforeCommit(plan: CallRequestPlan, row: DbResult): void {
  if (plan.returns === 'setof-composite' || plan.returns === 'setof-scalar') checkSingular(plan, row);
  parseResponseHeaders(row.response_headers);
  parseResponseStatus(row.response_status);
}

function contentType(plan: CallRequestPlan): string {
  if (plan.rawOutput !== null) return plan.media.type === 'text/plain' ? 'text/plain; charset=utf-8' : 'application/octet-stream';
  return contentTypeFor(plan);
}

export function respondCall(plan: CallRequestPlan, row: DbResult): HttpResponse {
  const gucHeaders = parseResponseHeaders(row.response_headers);
  const gucStatus = parseResponseStatus(row.response_status);
  const headers: Array<[string, string]> = [];
  if (plan.request.schemaFromProfile) headers.push(['Content-Profile', plan.request.schema]);
  if (plan.returns === 'void') {
    headers.push(...gucHeaders);
    return { status: gucStatus ?? 204, headers, body: null };
  }
  const total = row.total === null ? null : Number(row.total);
  const offset = plan.read?.offset ?? plan.offset;
  const isSet = plan.returns === 'setof-composite' || plan.returns === 'setof-scalar';
  const status = isSet ? rangeStatus(offset, row.page_total, total) : 200;
  headers.unshift(['Content-Type', contentType(plan)], ['Content-Range', contentRange(offset, row.page_total, total)]);
  if (plan.count !== null) headers.push(['Preference-Applied', `count=${plan.count}`]);
  headers.push(...gucHeaders);
  let body: string | Buffer | null = plan.headOnly ? null : row.body ?? '';
  if (body !== null && plan.rawOutput === 'binary') body = Buffer.from(body as string, 'base64');
  return { status: gucStatus ?? status, headers, body };
}
