// The request body in SQL, for writes and calls alike: one JSON bind parameter → typed columns, with missing=default.
import type { MutatePlan } from '../plan/mutate-types.ts';
import type { Column, RoutineParameter } from '../schema/types.ts';
import { empty, type Fragment, ident, join, param, qualified, raw, sql } from './fragment.ts';
import { quoteQualified } from './quote.ts';

/** Every body reaches SQL as one bind parameter cast to json or jsonb, never as text inlined into the statement. */
const bodyParam = (json: string, type: 'json' | 'jsonb'): Fragment => sql`${param(json)}::${raw(type)}`;

/** Alias of the subquery that yields one row per payload object with the mutation's columns. */
export const BODY_ALIAS = 'pgrst_body';

/**
 * `SELECT <col>, … FROM <payload elements>, LATERAL jsonb_populate_record(NULL::<table>, elem)`.
 * Populating the table's own row type gives every value its exact column type (typmods and
 * domains included) with Postgres's JSON→type rules, and the whole array is one bind parameter.
 * Rows keep the array order; `limitOne` keeps only the first (PATCH uses one object).
 */
export function payloadRows(plan: Pick<MutatePlan, 'table' | 'columns' | 'payload' | 'applyDefaults'>, limitOne: boolean): Fragment {
  const payload = plan.payload!;
  const table = qualified(plan.table.schema, plan.table.name);
  const elements = payload.isArray
    ? sql`jsonb_array_elements(${bodyParam(payload.json, 'jsonb')}) WITH ORDINALITY AS pgrst_elem(value, ordinality)`
    : sql`(SELECT ${bodyParam(payload.json, 'jsonb')} AS value, 1 AS ordinality) AS pgrst_elem`;
  const columns = plan.columns.map((column) => sql`${columnValue(plan, column)} AS ${ident(column.name)}`);
  const list = columns.length === 0 ? empty : join(columns, ', ');
  const limit = limitOne ? sql` LIMIT 1` : empty;
  return sql`SELECT ${list} FROM ${elements}, LATERAL jsonb_populate_record(NULL::${table}, pgrst_elem.value) AS pgrst_rec ORDER BY pgrst_elem.ordinality${limit}`;
}

/**
 * A call's body arguments: `json_to_record($1::json) AS <alias>("a" type, …)`, a column per given parameter.
 * A function has no row type to populate, so the column list types the values; `json` (not jsonb) passes a
 * json parameter its value as sent.
 */
export function argumentRecord(json: string, alias: string, params: readonly RoutineParameter[]): Fragment {
  const columns = join(
    params.map((p) => sql`${ident(p.name)} ${qualified(p.type.schema, p.type.name)}`),
    ', ',
  );
  return sql`pg_catalog.json_to_record(${bodyParam(json, 'json')}) AS ${ident(alias)}(${columns})`;
}

/**
 * With `Prefer: missing=default`, a key absent from an object takes the column default; the
 * default is only evaluated for the rows that need it, so sequences are not consumed otherwise.
 */
function columnValue(plan: Pick<MutatePlan, 'table' | 'applyDefaults'>, column: Column): Fragment {
  const value = sql`pgrst_rec.${ident(column.name)}`;
  const fallback = plan.applyDefaults ? defaultExpression(plan.table.schema, plan.table.name, column) : null;
  if (fallback === null) return value;
  return sql`CASE WHEN pgrst_elem.value ? ${param(column.name)} THEN ${value} ELSE ${fallback} END`;
}

/**
 * The column's default as SQL. The text comes from the catalog (pg_get_expr via the schema
 * cache), never from the request, so it is inlined like an identifier. Identity columns have
 * no pg_attrdef entry: their sequence is found with pg_get_serial_sequence. A column without a
 * default gets NULL, as Postgres would give it.
 */
function defaultExpression(schema: string, table: string, column: Column): Fragment | null {
  if (column.generated) return null;
  if (column.defaultExpression !== null) return sql`(${raw(column.defaultExpression)})`;
  if (column.hasDefault) {
    return sql`nextval(pg_catalog.pg_get_serial_sequence(${param(quoteQualified(schema, table))}, ${param(column.name)}))`;
  }
  return null;
}
