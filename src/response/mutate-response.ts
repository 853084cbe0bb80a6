// Shapes a write's main row into an HttpResponse (status, Content-Range, Location, Preference-Applied) and its pre-commit checks.
import { ApiError } from '../errors/api-error.ts';
import type { MutatePlan } from '../plan/mutate-types.ts';
import type { DbResult } from '../query/db-result.ts';
import type { WriteRow } from '../query/mutate-statement.ts';
import { contentRange } from './content-range.ts';
import { parseResponseHeaders, parseResponseStatus } from './guc-headers.ts';
import type { HttpResponse } from './http-response.ts';
import { SINGULAR_OBJECT } from '../request/types.ts';
import { checkSingular, contentTypeFor } from './respond.ts';

/** Whether checkWriteBeforeCommit can fail once the statements succeeded (else the write commits in one trip). */
export function writeNeedsCheckBeforeCommit(plan: MutatePlan): boolean {
  return plan.media.type === SINGULAR_OBJECT || plan.mutation === 'upsert' || plan.maxAffected !== null;
}

/** Throwing here rolls the write back: singular media, PUT's one row, max-affected. */
export function checkWriteBeforeCommit(plan: MutatePlan, row: DbResult): void {
  checkSingular(plan, row);
  if (plan.mutation === 'upsert' && row.page_total !== 1) throw new ApiError('PGRST115');
  if (plan.maxAffected !== null && row.page_total > plan.maxAffected) {
    throw new ApiError('PGRST124', { details: `The query affects ${row.page_total} rows` });
  }
}

export function respondWrite(plan: MutatePlan, result: DbResult): HttpResponse {
  // The write statement's extra columns (location, inserted) ride along in the main row.
  const row = result as DbResult & WriteRow;
  const affected = row.page_total;
  const total = plan.count ? affected : null;
  const representation = plan.returnPreference === 'representation';
  const headers: Array<[string, string]> = [];

  const location = plan.returnPreference === 'headers-only' && affected === 1 ? locationHeader(plan, row.location) : null;
  if (location !== null) headers.push(['Location', location]);
  // PostgREST: POST and DELETE say `*/total`; PATCH gives the affected range; PUT has none.
  if (plan.mutation === 'create' || plan.mutation === 'delete') headers.push(['Content-Range', contentRange(0, 0, total)]);
  if (plan.mutation === 'update') headers.push(['Content-Range', contentRange(0, affected, total)]);
  if (plan.applied.length > 0) headers.push(['Preference-Applied', plan.applied.join(', ')]);
  if (representation) {
    headers.push(['Content-Type', contentTypeFor(plan)]);
    if (plan.request.schemaFromProfile) headers.push(['Content-Profile', plan.request.schema]);
  }

  let status = writeStatus(plan, row);
  for (const [name, value] of parseResponseHeaders(row.response_headers)) {
    const existing = headers.findIndex(([n]) => n.toLowerCase() === name.toLowerCase());
    if (existing === -1) headers.push([name, value]);
    else headers[existing] = [name, value];
  }
  status = parseResponseStatus(row.response_status) ?? status;
  return { status, headers, body: representation ? row.body ?? '' : null };
}

function writeStatus(plan: MutatePlan, row: WriteRow): number {
  const representation = plan.returnPreference === 'representation';
  const inserted = row.inserted ?? row.page_total;
  switch (plan.mutation) {
    case 'create':
      // A merge upsert that only updated existing rows is 200; anything else created rows.
      return plan.onConflict?.action === 'merge' && inserted === 0 ? 200 : 201;
    case 'upsert':
      if (!representation) return 204;
      return inserted > 0 ? 201 : 200;
    case 'update':
    case 'delete':
      return representation ? 200 : 204;
  }
}

/** `/items?id=eq.1&k=is.null`, from the inserted row's primary key values (text). */
function locationHeader(plan: MutatePlan, json: string | null): string | null {
  if (json === null) return null;
  const values = JSON.parse(json) as Array<string | null>;
  const query = plan.table.primaryKey.map((name, i) => {
    const value = values[i] ?? null;
    return `${encodeURIComponent(name)}=${value === null ? 'is.null' : `eq.${encodeURIComponent(value)}`}`;
  });
  return `/${encodeURIComponent(plan.table.name)}?${query.join('&')}`;
}
