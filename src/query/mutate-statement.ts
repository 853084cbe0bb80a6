// The main statement of a write: the mutation as a CTE, then the usual one row (totals, body, GUCs) plus location/inserted.
import type { MutatePlan } from '../plan/mutate-types.ts';
import { empty, type Fragment, ident, join, raw, sql, type Statement, toStatement } from './fragment.ts';
import { bodySql, mainRowColumns, type MainRow } from './main-statement.ts';
import { buildMutationQuery, INSERTED_COLUMN } from './mutate-query.ts';
import { buildReadQuery } from './read-query.ts';
import { MUTATION_CTE, SOURCE_CTE } from './sql-names.ts';

/** The main row of a write; `location` and `inserted` are extra columns only writes return. */
export interface WriteRow extends MainRow {
  /** JSON array of the primary-key values (as text) of the single inserted row, for Location. */
  location: string | null;
  /** Rows an upsert inserted rather than updated; null when not tracked. */
  inserted: number | null;
}

export function buildWriteStatement(plan: MutatePlan): Statement {
  const source = ident(SOURCE_CTE);
  const affected = sql`(SELECT pg_catalog.count(*) FROM ${source})`;
  const total = plan.count.kind === 'exact' ? sql`${affected}::bigint` : sql`NULL::bigint`;
  const inserted = plan.trackInserted ? sql`(SELECT pg_catalog.count(*) FROM ${ident(MUTATION_CTE)} WHERE ${ident(INSERTED_COLUMN)})::int` : sql`NULL::int`;
  const columns = sql`${mainRowColumns(total, sql`${affected}::int`, bodyFor(plan))}, ${locationSql(plan)} AS location, ${inserted} AS inserted`;
  const from = plan.returnPreference === 'representation' ? sql` FROM (${buildReadQuery(plan.read)}) AS _pgrst_t` : empty;
  return toStatement(sql`WITH ${ctes(plan)} SELECT ${columns}${from}`);
}

/**
 * With inserted-row tracking the mutation returns one extra column, so the representation reads
 * a projection of it without that column; otherwise the mutation itself is `pgrst_source`.
 */
function ctes(plan: MutatePlan): Fragment {
  const mutation = buildMutationQuery(plan);
  if (!plan.trackInserted) return sql`${ident(SOURCE_CTE)} AS (${mutation})`;
  const returned = plan.returning === 'all' ? plan.table.columns : plan.returning;
  const projection =
    returned.length === 0
      ? raw('1')
      : join(
          returned.map((c) => ident(c.name)),
          ', ',
        );
  return sql`${ident(MUTATION_CTE)} AS (${mutation}), ${ident(SOURCE_CTE)} AS (SELECT ${projection} FROM ${ident(MUTATION_CTE)})`;
}

function bodyFor(plan: MutatePlan): Fragment {
  if (plan.returnPreference !== 'representation') return sql`NULL::text`;
  return bodySql({ media: plan.media, headOnly: false, read: plan.read });
}

/** The primary key of the inserted row, as text, for `Location: /t?pk=eq.v` (one row only). */
function locationSql(plan: MutatePlan): Fragment {
  const pk = plan.table.primaryKey;
  if (plan.mutation !== 'create' || plan.returnPreference !== 'headers-only' || pk.length === 0) return sql`NULL::text`;
  const values = join(
    pk.map((name) => sql`${ident(name)}::text`),
    ', ',
  );
  return sql`(SELECT json_build_array(${values})::text FROM ${ident(SOURCE_CTE)} LIMIT 1)`;
}
