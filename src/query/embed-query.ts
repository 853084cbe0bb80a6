// SQL for embeds: the lateral subquery per embed, its join conditions, its output columns, and EXISTS for counts.
import { outputNames } from '../plan/embed-plan.ts';
import type { EmbedPlan, ReadPlan } from '../plan/types.ts';
import { type Fragment, ident, join, qualified, raw, sql } from './fragment.ts';
import { embedJoinAlias, embedRowsAlias, junctionAlias, relationAlias } from './sql-names.ts';

export const embedsOf = (plan: ReadPlan): EmbedPlan[] => plan.select.flatMap((s) => (s.kind === 'embed' ? [s.embed] : []));

const column = (alias: string, name: string): Fragment => sql`${ident(alias)}.${ident(name)}`;

/** FROM of an embedded node: its table (with the junction for m2m), or the computed relationship's function. */
export function embedFromSql(parent: ReadPlan, embed: EmbedPlan): Fragment {
  const rel = embed.relationship;
  const child = embed.read;
  const childAlias = relationAlias(child.id);
  const self = sql`${qualified(child.table.schema, child.table.name)} AS ${ident(childAlias)}`;
  if (rel.kind === 'computed') {
    // The parent row is cast to the function's argument type, so a CTE source (writes, RPC) fits too.
    const row = sql`${ident(relationAlias(parent.id))}::${qualified(parent.table.schema, parent.table.name)}`;
    return sql`${qualified(rel.function.schema, rel.function.name)}(${row}) AS ${ident(childAlias)}`;
  }
  if (rel.kind === 'many-to-many') {
    const junction = junctionAlias(child.id);
    const on = rel.junction.targetColumns.map(([j, c]) => sql`${column(junction, j)} = ${column(childAlias, c)}`);
    return sql`${self} JOIN ${qualified(rel.junction.table.schema, rel.junction.table.name)} AS ${ident(junction)} ON ${join(on, ' AND ')}`;
  }
  return self;
}

/** The conditions tying an embedded node's rows to the current parent row (none for computed). */
export function embedJoinConditions(parent: ReadPlan, embed: EmbedPlan): Fragment[] {
  const rel = embed.relationship;
  const parentAlias = relationAlias(parent.id);
  if (rel.kind === 'computed') return [];
  if (rel.kind === 'many-to-many') {
    return rel.junction.sourceColumns.map(([j, p]) => sql`${column(junctionAlias(embed.read.id), j)} = ${column(parentAlias, p)}`);
  }
  return rel.columns.map(([p, c]) => sql`${column(relationAlias(embed.read.id), c)} = ${column(parentAlias, p)}`);
}

/**
 * `LEFT|INNER JOIN LATERAL (…) AS agg ON TRUE`. A to-one subquery is the child's rows; a to-many one
 * aggregates them into JSON and yields no row at all when there are none (HAVING), so `!inner` and
 * `rel=is.null` test the same thing for every kind: whether the lateral row exists.
 */
export function embedJoinSql(embed: EmbedPlan, childQuery: Fragment): Fragment {
  const kind = raw(embed.inner ? 'INNER' : 'LEFT');
  let body = childQuery;
  if (!embed.toOne) {
    const rows = ident(embedRowsAlias(embed.read.id));
    const aggregates = embed.spread
      ? join(
          outputNames(embed.read).map((n) => sql`json_agg(${rows}.${ident(n)}) AS ${ident(n)}`),
          ', ',
        )
      : sql`json_agg(${rows}.*) AS "body"`;
    body = sql`SELECT ${aggregates} FROM (${childQuery}) AS ${rows} HAVING pg_catalog.count(*) > 0`;
  }
  return sql` ${kind} JOIN LATERAL (${body}) AS ${ident(embedJoinAlias(embed.read.id))} ON TRUE`;
}

/** The parent's select items for an embed; `grouped` casts to jsonb so they can be GROUP BY keys. */
export function embedSelectSql(embed: EmbedPlan, grouped: boolean): Array<{ expr: Fragment; name: string }> {
  if (embed.empty) return [];
  const agg = embedJoinAlias(embed.read.id);
  const cast = raw(grouped ? '::jsonb' : '');
  if (embed.spread) {
    return outputNames(embed.read).map((name) => ({
      name,
      expr: embed.toOne ? column(agg, name) : sql`coalesce(${column(agg, name)}, '[]')${cast}`,
    }));
  }
  const expr = embed.toOne ? sql`row_to_json(${ident(agg)}.*)${cast}` : sql`coalesce(${column(agg, 'body')}, '[]')${cast}`;
  return [{ name: embed.outputName, expr }];
}

/** `rel=is.null` → the lateral row is missing; `rel=not.is.null` → it exists. */
export function embedNullSql(embedId: number, isNull: boolean): Fragment {
  return sql`${ident(embedJoinAlias(embedId))} ${raw(isNull ? 'IS NOT DISTINCT FROM NULL' : 'IS DISTINCT FROM NULL')}`;
}
