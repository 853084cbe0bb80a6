// The main statement: one row with total, page_total, the body built by Postgres, and GUC response overrides.
import type { CountStrategy } from '../plan/count-strategy.ts';
import type { ReadPlan, ReadRequestPlan } from '../plan/types.ts';
import { SINGULAR_OBJECT } from '../request/types.ts';
import { csvBodySql } from './csv-body.ts';
import { type Fragment, param, qualified, raw, sql, toStatement, type Statement } from './fragment.ts';
import { buildCountQuery, buildReadQuery, filteredRowsSql } from './read-query.ts';
import { SOURCE_CTE } from './sql-names.ts';

/** Columns every main statement returns; respond.ts reads these names. */
export interface MainRow {
  total: string | null;
  page_total: number;
  body: string | null;
  response_headers: string | null;
  response_status: string | null;
}

const RESPONSE_GUCS = sql`nullif(current_setting('response.headers', true), '') AS response_headers, nullif(current_setting('response.status', true), '') AS response_status`;

/** The MainRow columns, in order: every main statement (read, call, write) selects these. */
export function mainRowColumns(total: Fragment, pageTotal: Fragment, body: Fragment): Fragment {
  return sql`${total} AS total, ${pageTotal} AS page_total, ${body} AS body, ${RESPONSE_GUCS}`;
}

/** The page size when the rows are aggregated as `_pgrst_t`. */
export const PAGE_TOTAL = sql`pg_catalog.count(_pgrst_t)::int`;

/** The body expression (JSON, CSV, or NULL for HEAD) over the aggregated rows `_pgrst_t`. */
export function bodySql(plan: Pick<ReadRequestPlan, 'media' | 'headOnly'> & { read?: ReadPlan | null }): Fragment {
  if (plan.headOnly) return sql`NULL::text`;
  if (plan.media.type === 'text/csv') return csvBodySql(plan.read);
  const row = plan.media.stripNulls ? sql`json_strip_nulls(to_json(_pgrst_t))` : sql`_pgrst_t`;
  if (plan.media.type === SINGULAR_OBJECT) return sql`coalesce((json_agg(${row})->0)::text, 'null')`;
  if (plan.media.geoJsonSchema !== undefined) {
    const feature = sql`${qualified(plan.media.geoJsonSchema, 'st_asgeojson')}(_pgrst_t)::json`;
    return sql`json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(${feature}), '[]'))::text`;
  }
  return sql`coalesce(json_agg(${row}), '[]')::text`;
}

/** The counted total for Content-Range (see count-strategy.ts); estimated counts at most cap + 1 rows. */
export function totalSql(count: CountStrategy, read: ReadPlan): Fragment {
  if (count.kind === 'exact') return sql`(${buildCountQuery(read)})`;
  if (count.kind === 'estimated')
    return sql`(SELECT pg_catalog.count(*) FROM (SELECT 1${filteredRowsSql(read)} LIMIT ${param(String(count.cap + 1))}) AS pgrst_capped)`;
  return sql`NULL::bigint`;
}

/** EXPLAIN of the unpaginated read, for Prefer: count=planned|estimated. */
export function buildExplainStatement(read: ReadPlan): Statement {
  return toStatement(sql`EXPLAIN (FORMAT JSON) SELECT 1${filteredRowsSql(read)}`);
}

export function buildReadStatement(plan: ReadRequestPlan): Statement {
  const total = totalSql(plan.count, plan.read);
  return toStatement(
    sql`WITH ${raw(SOURCE_CTE)} AS (${buildReadQuery(plan.read)}) SELECT ${mainRowColumns(total, PAGE_TOTAL, bodySql(plan))} FROM pgrst_source AS _pgrst_t`,
  );
}
