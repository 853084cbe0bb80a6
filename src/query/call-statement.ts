// The main statement of an RPC: the call as CTE pgrst_call, the read over it, and the body by return shape.
import type { CallRequestPlan } from '../plan/call-types.ts';
import { SINGULAR_OBJECT } from '../request/types.ts';
import { csvBodySql } from './csv-body.ts';
import { buildCallSource } from './call-query.ts';
import { empty, param, sql, toStatement, type Fragment, type Statement } from './fragment.ts';
import { bodySql, mainRowColumns, PAGE_TOTAL } from './main-statement.ts';
import { buildCountQuery, buildReadQuery } from './read-query.ts';


function pageSql(plan: CallRequestPlan): Fragment {
  if (plan.read) return buildReadQuery(plan.read);
  const limit = plan.limit === null ? empty : sql` LIMIT ${param(String(plan.limit))}`;
  const offset = plan.offset === 0 ? empty : sql` OFFSET ${param(String(plan.offset))}`;
  return sql`SELECT pgrst_call.pgrst_scalar FROM pgrst_call${limit}${offset}`;
}

function totalSql(plan: CallRequestPlan): Fragment {
  if (plan.count !== 'exact') return sql`NULL::bigint`;
  if (plan.read) return sql`(${buildCountQuery(plan.read)})`;
  return sql`(SELECT pg_catalog.count(*) FROM pgrst_call)`;
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

export function buildCallStatement(plan: CallRequestPlan): Statement {
  return toStatement(sql`WITH pgrst_call AS (${buildCallSource(plan)}), pgrst_source AS (${pageSql(plan)}) SELECT ${mainRowColumns(totalSql(plan), PAGE_TOTAL, callBodySql(plan))} FROM pgrst_source AS _pgrst_t`);
}
