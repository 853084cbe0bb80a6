// A write's decoded result → status, Content-Range, Location, and the representation when asked for.
import type { MutatePlan } from '../plan/mutate-types.ts';
import { reportedTotal } from '../plan/count-strategy.ts';
import { contentRange } from './content-range.ts';
import type { DbResult } from './db-result.ts';
import type { HttpResponse } from './http-response.ts';
import { contentTypeFor } from './media.ts';

export function respondWrite(plan: MutatePlan, result: DbResult): HttpResponse {
  const affected = result.pageTotal;
  const total = reportedTotal(plan.count, result.countedTotal, null);
  const representation = plan.returnPreference === 'representation';
  const headers: Array<[string, string]> = [];

  if (plan.returnPreference === 'headers-only' && affected === 1 && result.location !== null) {
    headers.push(['Location', locationHeader(plan, result.location)]);
  }
  // PostgREST: POST and DELETE say `*/total`; PATCH gives the affected range; PUT has none.
  if (plan.mutation === 'create' || plan.mutation === 'delete') headers.push(['Content-Range', contentRange(0, 0, total)]);
  if (plan.mutation === 'update') headers.push(['Content-Range', contentRange(0, affected, total)]);
  if (representation) headers.push(['Content-Type', contentTypeFor(plan.media)]);
  return { status: writeStatus(plan, result), headers, body: representation ? (result.body ?? '') : null };
}

function writeStatus(plan: MutatePlan, result: DbResult): number {
  const representation = plan.returnPreference === 'representation';
  const inserted = result.inserted ?? result.pageTotal;
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
function locationHeader(plan: MutatePlan, values: ReadonlyArray<string | null>): string {
  const query = plan.table.primaryKey.map((name, i) => {
    const value = values[i] ?? null;
    return `${encodeURIComponent(name)}=${value === null ? 'is.null' : `eq.${encodeURIComponent(value)}`}`;
  });
  return `/${encodeURIComponent(plan.table.name)}?${query.join('&')}`;
}
