// SELECT for a ReadPlan: columns, casts, aggregates, WHERE, GROUP BY, ORDER BY, LIMIT/OFFSET.
import type { PlannedOrder, PlannedSelect, ReadPlan } from '../plan/types.ts';
import type { TypeRef } from '../schema/types.ts';
import { conditionSql, fieldSql, logicSql } from './condition-sql.ts';
import { empty, Fragment, ident, join, param, qualified, sql } from './fragment.ts';

export const castSql = (type: TypeRef): Fragment => sql`::${qualified(type.schema, type.name)}`;

function selectItemSql(plan: ReadPlan, item: PlannedSelect): Fragment {
  switch (item.kind) {
    case 'star':
      return sql`${ident(plan.alias)}.*`;
    case 'count':
      return sql`pg_catalog.count(*)${item.cast ? castSql(item.cast) : empty} AS ${ident(item.outputName)}`;
    case 'field': {
      let expr = fieldSql(plan.alias, item.field);
      if (item.cast) expr = sql`${expr}${castSql(item.cast)}`;
      if (item.aggregate) {
        expr = sql`pg_catalog.${new Fragment([item.aggregate.fn])}(${expr})`;
        if (item.aggregate.cast) expr = sql`${expr}${castSql(item.aggregate.cast)}`;
      }
      return sql`${expr} AS ${ident(item.outputName)}`;
    }
    case 'embed':
      throw new Error('embedded selections are rendered by the embedding query builder');
  }
}

export function orderSql(plan: ReadPlan, terms: readonly PlannedOrder[]): Fragment {
  if (terms.length === 0) return empty;
  const parts = terms.map((term) => {
    const direction = term.direction === null ? '' : term.direction === 'desc' ? ' DESC' : ' ASC';
    const nulls = term.nulls === null ? '' : term.nulls === 'first' ? ' NULLS FIRST' : ' NULLS LAST';
    return sql`${fieldSql(plan.alias, term.field)}${new Fragment([direction + nulls])}`;
  });
  return sql` ORDER BY ${join(parts, ', ')}`;
}

/** The WHERE clause alone, shared by the page query and the exact count. */
export function whereSql(plan: ReadPlan): Fragment {
  if (plan.where.length === 0) return empty;
  const embedNull = (): Fragment => {
    throw new Error('embed null filters are rendered by the embedding query builder');
  };
  const parts = plan.where.map((tree) => logicSql(plan.alias, tree, embedNull));
  return sql` WHERE ${join(parts, ' AND ')}`;
}

export const fromSql = (plan: ReadPlan): Fragment =>
  sql`${plan.fromCte === undefined ? qualified(plan.table.schema, plan.table.name) : ident(plan.fromCte)} AS ${ident(plan.alias)}`;

export function buildReadQuery(plan: ReadPlan): Fragment {
  const columns = plan.select.length === 0 ? new Fragment(['']) : join(plan.select.map((item) => selectItemSql(plan, item)), ', ');
  const groupBy = plan.groupBy.length === 0 ? empty : sql` GROUP BY ${join(plan.groupBy.map((f) => fieldSql(plan.alias, f)), ', ')}`;
  const limit = plan.limit === null ? empty : sql` LIMIT ${param(String(plan.limit))}`;
  const offset = plan.offset === 0 ? empty : sql` OFFSET ${param(String(plan.offset))}`;
  return sql`SELECT ${columns} FROM ${fromSql(plan)}${whereSql(plan)}${groupBy}${orderSql(plan, plan.order)}${limit}${offset}`;
}

/** `SELECT count(*) FROM … WHERE …` for Prefer: count=exact (no limit, no order). */
export function buildCountQuery(plan: ReadPlan): Fragment {
  return sql`SELECT pg_catalog.count(*) FROM ${fromSql(plan)}${whereSql(plan)}`;
}

/** check used by tests */
export const isFragment = (value: unknown): value is Fragment => value instanceof Fragment;
