// The main statement: one row with total, page_total, the body built by Postgres, and GUC response overrides.
import type { ReadRequestPlan } from '../plan/types.ts';
import { empty, Fragment, sql, toStatement, type Statement } from './fragment.ts';
import { buildCountQuery, buildReadQuery } from './read-query.ts';

/** Columns every main statement returns; respond.ts reads these names. */
export interface MainRow {
  total: string | null;
  page_total: number;
  body: string | null;
  response_headers: string | null;
  response_status: string | null;
}

export const RESPONSE_GUCS = sql`nullif(current_setting('response.headers', true), '') AS response_headers, nullif(current_setting('response.status', true), '') AS response_status`;

/** The JSON (or NULL for HEAD) body expression over the aggregated rows `_pgrst_t`. */
export function bodySql(plan: Pick<ReadRequestPlan, 'media' | 'headOnly'>): Fragment {
  if (plan.headOnly) return sql`NULL::text`;
  const row = plan.media.stripNulls ? sql`json_strip_nulls(to_json(_pgrst_t))` : sql`_pgrst_t`;
  if (plan.media.type === 'application/vnd.pgrst.object+json') return sql`coalesce((json_agg(${row})->0)::text, 'null')`;
  return sql`coalesce(json_agg(${row}), '[]')::text`;
}

export function buildReadStatement(plan: ReadRequestPlan): Statement {
  const total = plan.count === 'exact' ? sql`(${buildCountQuery(plan.read)})` : sql`NULL::bigint`;
  return toStatement(sql`WITH pgrst_source AS (${buildReadQuery(plan.read)}) SELECT ${total} AS total, pg_catalog.count(_pgrst_t)::int AS page_total, ${bodySql(plan)} AS body, ${RESPONSE_GUCS} FROM pgrst_source AS _pgrst_t`);
}

export { empty };
