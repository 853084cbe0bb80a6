// The main statement of an RPC: the call as CTE pgrst_call, the read over it, and the body by return shape.
// The function runs once per request: see buildCallStatement.
import type { CallRequestPlan } from '../plan/call-types.ts';
import { SINGULAR_OBJECT } from '../request/types.ts';
import { csvBodySql } from './csv-body.ts';
import { buildCallSource } from './call-query.ts';
import { raw, sql, toStatement, type Fragment, type Statement } from './fragment.ts';
import { bodySql, mainRowColumns } from './main-statement.ts';
import { buildCountQuery, buildReadQuery, limitOffsetSql } from './read-query.ts';
import { CALL_CTE, SOURCE_CTE } from './sql-names.ts';

function pageSql(plan: CallRequestPlan): Fragment {
  if (plan.read) return buildReadQuery(plan.read);
  return sql`SELECT ${raw(CALL_CTE)}.pgrst_scalar FROM ${raw(CALL_CTE)}${limitOffsetSql(plan.limit, plan.offset)}`;
}

function totalSql(plan: CallRequestPlan): Fragment {
  if (plan.count.kind !== 'exact') return sql`NULL::bigint`;
  if (plan.read) return sql`(${buildCountQuery(plan.read)})`;
  return sql`(SELECT pg_catalog.count(*) FROM ${raw(CALL_CTE)})`;
}

function callBodySql(plan: CallRequestPlan): Fragment {
  if (plan.headOnly || plan.returns === 'void') return sql`NULL::text`;
  const scalar = sql`_pgrst_t.pgrst_scalar`;
  switch (plan.returns) {
    case 'scalar':
      if (plan.rawOutput === 'binary') return sql`pg_catalog.encode((pg_catalog.array_agg(${scalar}))[1], 'base64')`;
      if (plan.rawOutput === 'text') return sql`coalesce((pg_catalog.array_agg(${scalar}::text))[1], '')`;
      return sql`coalesce((pg_catalog.json_agg(${scalar})->0)::text, 'null')`;
    case 'setof-scalar':
      if (plan.media.type === SINGULAR_OBJECT) return sql`coalesce((pg_catalog.json_agg(${scalar})->0)::text, 'null')`;
      return sql`coalesce(pg_catalog.json_agg(${scalar}), '[]')::text`;
    case 'composite': {
      if (plan.media.type === 'text/csv') return csvBodySql(plan.read);
      const row = plan.media.stripNulls ? sql`pg_catalog.json_strip_nulls(pg_catalog.to_json(_pgrst_t))` : sql`_pgrst_t`;
      return sql`coalesce((pg_catalog.json_agg(${row})->0)::text, 'null')`;
    }
    case 'setof-composite':
      return plan.media.type === 'text/csv' ? csvBodySql(plan.read) : bodySql(plan);
  }
}

/**
 * count(*), not count(_pgrst_t): when the planner inlines the CTEs, every reference to a column of
 * `_pgrst_t` becomes the call expression itself, so a whole-row count next to the body evaluated a scalar
 * function twice (a 1 s function took 2 s).
 */
const CALL_PAGE_TOTAL = sql`pg_catalog.count(*)::int`;

/**
 * Scalar shapes have no filters to push into the function, so their call is MATERIALIZED: evaluated once
 * however often the body refers to it (still lazily, so a limit stops a set-returning function early). Row
 * shapes stay inlinable, so filters reach an inlined SQL function's own query as in PostgREST; their call
 * (a function scan) runs once, and an exact count reads the same CTE, which PostgreSQL then materializes.
 */
export function buildCallStatement(plan: CallRequestPlan): Statement {
  const rowShape = plan.returns === 'composite' || plan.returns === 'setof-composite';
  const call = rowShape ? sql`${raw(CALL_CTE)} AS (${buildCallSource(plan)})` : sql`${raw(CALL_CTE)} AS MATERIALIZED (${buildCallSource(plan)})`;
  return toStatement(
    sql`WITH ${call}, ${raw(SOURCE_CTE)} AS (${pageSql(plan)}) SELECT ${mainRowColumns(totalSql(plan), CALL_PAGE_TOTAL, callBodySql(plan))} FROM pgrst_source AS _pgrst_t`,
  );
}
