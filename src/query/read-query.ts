// SELECT for a ReadPlan tree: columns, casts, aggregates, lateral embeds, WHERE, GROUP BY, ORDER BY, LIMIT/OFFSET.
import type { EmbedPlan, PlannedOrder, PlannedSelect, ReadPlan } from '../plan/types.ts';
import type { TypeRef } from '../schema/types.ts';
import { fieldSql, logicSql } from './condition-sql.ts';
import { embedFromSql, embedJoinConditions, embedJoinSql, embedNullSql, embedSelectSql, embedsOf } from './embed-query.ts';
import { empty, type Fragment, ident, join, param, qualified, raw, sql } from './fragment.ts';
import { embedJoinAlias, relationAlias, sourceCte } from './sql-names.ts';

export const castSql = (type: TypeRef): Fragment => sql`::${qualified(type.schema, type.name)}`;

function selectItemSql(plan: ReadPlan, item: PlannedSelect): Fragment[] {
  switch (item.kind) {
    case 'star':
      return [sql`${ident(relationAlias(plan.id))}.*`];
    case 'count':
      return [sql`pg_catalog.count(*)${item.cast ? castSql(item.cast) : empty} AS ${ident(item.outputName)}`];
    case 'field': {
      let expr = fieldSql(relationAlias(plan.id), item.field);
      // Parenthesised: `col->>$1::text::int` would cast the key, not the extracted value.
      if (item.cast) expr = sql`(${expr})${castSql(item.cast)}`;
      if (item.aggregate) {
        expr = sql`pg_catalog.${raw(item.aggregate.fn)}(${expr})`;
        if (item.aggregate.cast) expr = sql`${expr}${castSql(item.aggregate.cast)}`;
      }
      return [sql`${expr} AS ${ident(item.outputName)}`];
    }
    case 'embed':
      return embedSelectSql(item.embed, isAggregated(plan)).map(({ expr, name }) => sql`${expr} AS ${ident(name)}`);
  }
}

export function orderSql(plan: ReadPlan, terms: readonly PlannedOrder[]): Fragment {
  if (terms.length === 0) return empty;
  const parts = terms.map((term) => {
    const direction = term.direction === null ? '' : term.direction === 'desc' ? ' DESC' : ' ASC';
    const nulls = term.nulls === null ? '' : term.nulls === 'first' ? ' NULLS FIRST' : ' NULLS LAST';
    return sql`${fieldSql(term.embedId === null ? relationAlias(plan.id) : embedJoinAlias(term.embedId), term.field)}${raw(direction + nulls)}`;
  });
  return sql` ORDER BY ${join(parts, ', ')}`;
}

/** With aggregates, plain fields and embeds are the GROUP BY keys. */
const isAggregated = (plan: ReadPlan): boolean => plan.select.some((item) => item.kind === 'count' || (item.kind === 'field' && item.aggregate !== null));

type EmbedNullRenderer = (embedId: number, isNull: boolean) => Fragment;

function conditionsSql(plan: ReadPlan, extra: readonly Fragment[], embedNull: EmbedNullRenderer): Fragment[] {
  return [...extra, ...plan.where.map((tree) => logicSql(relationAlias(plan.id), tree, embedNull))];
}

const whereClause = (conditions: readonly Fragment[]): Fragment => (conditions.length === 0 ? empty : sql` WHERE ${join(conditions, ' AND ')}`);

export const fromSql = (plan: ReadPlan): Fragment =>
  sql`${plan.source === undefined ? qualified(plan.table.schema, plan.table.name) : ident(sourceCte(plan.source))} AS ${ident(relationAlias(plan.id))}`;

/**
 * The page query. `from` replaces the root's FROM item (e.g. `pgrst_source`, a mutation's
 * RETURNING rows or a function call) and must be aliased as `relationAlias(plan.id)`.
 */
export function buildReadQuery(plan: ReadPlan, from?: Fragment): Fragment {
  return nodeQuery(plan, from ?? fromSql(plan), []);
}

function nodeQuery(plan: ReadPlan, from: Fragment, joinConditions: readonly Fragment[]): Fragment {
  const embeds = embedsOf(plan);
  const items = plan.select.flatMap((item) => selectItemSql(plan, item));
  const columns = items.length === 0 ? empty : join(items, ', ');
  const joins = embeds.map((embed) => embedJoinSql(embed, nodeQuery(embed.read, embedFromSql(plan, embed), embedJoinConditions(plan, embed))));
  const groupKeys = !isAggregated(plan)
    ? []
    : [...plan.groupBy.map((f) => fieldSql(relationAlias(plan.id), f)), ...embeds.flatMap((e) => embedSelectSql(e, true).map((s) => s.expr))];
  const groupBy = groupKeys.length === 0 ? empty : sql` GROUP BY ${join(groupKeys, ', ')}`;
  const where = whereClause(conditionsSql(plan, joinConditions, embedNullSql));
  return sql`SELECT ${columns} FROM ${from}${join(joins, '')}${where}${groupBy}${orderSql(plan, plan.order)}${limitOffsetSql(plan.limit, plan.offset)}`;
}

/** ` LIMIT $n OFFSET $m`, each only when it restricts anything; values are bind parameters. */
export function limitOffsetSql(limit: number | null, offset: number): Fragment {
  const limitSql = limit === null ? empty : sql` LIMIT ${param(String(limit))}`;
  return offset === 0 ? limitSql : sql`${limitSql} OFFSET ${param(String(offset))}`;
}

/**
 * ` FROM … WHERE …`: the rows a read keeps, without joins, JSON, order or paging. Inner embeds and
 * `rel=is.null` become [NOT] EXISTS subqueries instead of lateral joins. Every count (exact, capped,
 * EXPLAIN estimate) is taken over exactly this.
 */
export function filteredRowsSql(plan: ReadPlan, from?: Fragment): Fragment {
  return sql` FROM ${from ?? fromSql(plan)}${whereClause(existsConditions(plan, []))}`;
}

/** `SELECT count(*) FROM … WHERE …` for Prefer: count=exact. */
export function buildCountQuery(plan: ReadPlan, from?: Fragment): Fragment {
  return sql`SELECT pg_catalog.count(*)${filteredRowsSql(plan, from)}`;
}

function existsConditions(plan: ReadPlan, joinConditions: readonly Fragment[]): Fragment[] {
  const embeds = embedsOf(plan);
  const existsFor = (embed: EmbedPlan): Fragment => {
    const conditions = existsConditions(embed.read, embedJoinConditions(plan, embed));
    return sql`EXISTS (SELECT 1 FROM ${embedFromSql(plan, embed)}${whereClause(conditions)})`;
  };
  const embedNull: EmbedNullRenderer = (id, isNull) => {
    const embed = embeds.find((e) => e.read.id === id)!;
    return isNull ? sql`NOT ${existsFor(embed)}` : existsFor(embed);
  };
  return [...conditionsSql(plan, joinConditions, embedNull), ...embeds.filter((e) => e.inner).map(existsFor)];
}
