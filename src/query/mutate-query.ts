// INSERT / UPDATE / DELETE statements of a MutatePlan, each ending in RETURNING for the pgrst_source CTE.
import type { MutatePlan } from '../plan/mutate-types.ts';
import { conditionSql, logicSql } from './condition-sql.ts';
import { empty, type Fragment, ident, join, qualified, raw, sql } from './fragment.ts';
import { BODY_ALIAS, payloadRows } from './payload-source.ts';
import { limitOffsetSql, orderSql } from './read-query.ts';
import { relationAlias } from './sql-names.ts';

/** Extra RETURNING column telling inserted rows (xmax = 0) from rows an upsert updated. */
export const INSERTED_COLUMN = 'pgrst_inserted';

export function buildMutationQuery(plan: MutatePlan): Fragment {
  switch (plan.mutation) {
    case 'create':
    case 'upsert':
      return insertSql(plan);
    case 'update':
      return updateSql(plan);
    case 'delete':
      return deleteSql(plan);
  }
}

const target = (plan: MutatePlan): Fragment => sql`${qualified(plan.table.schema, plan.table.name)} AS ${ident(relationAlias(plan.read.id))}`;

function insertSql(plan: MutatePlan): Fragment {
  const names = plan.columns.map((c) => ident(c.name));
  const columnList = names.length === 0 ? empty : sql` (${join(names, ', ')})`;
  const selected =
    names.length === 0
      ? empty
      : join(
          names.map((n) => sql`${ident(BODY_ALIAS)}.${n}`),
          ', ',
        );
  const put =
    plan.putConditions.length === 0
      ? empty
      : sql` WHERE ${join(
          plan.putConditions.map((c) => conditionSql(BODY_ALIAS, c)),
          ' AND ',
        )}`;
  return sql`INSERT INTO ${target(plan)}${columnList} SELECT ${selected} FROM (${payloadRows(plan, false)}) AS ${ident(BODY_ALIAS)}${put}${onConflictSql(plan)} ${returningSql(plan)}`;
}

function onConflictSql(plan: MutatePlan): Fragment {
  const conflict = plan.onConflict;
  if (conflict === null) return empty;
  const targetColumns = join(
    conflict.columns.map((c) => ident(c)),
    ', ',
  );
  if (conflict.action === 'ignore' || plan.columns.length === 0) return sql` ON CONFLICT (${targetColumns}) DO NOTHING`;
  const sets = plan.columns.map((c) => sql`${ident(c.name)} = EXCLUDED.${ident(c.name)}`);
  return sql` ON CONFLICT (${targetColumns}) DO UPDATE SET ${join(sets, ', ')}`;
}

function updateSql(plan: MutatePlan): Fragment {
  if (plan.columns.length === 0) {
    // `UPDATE … SET` needs a column: an empty body changes nothing, but still answers with the shape.
    return sql`SELECT ${returningList(plan)} FROM ${target(plan)} WHERE false`;
  }
  const sets = plan.columns.map((c) => sql`${ident(c.name)} = ${ident(BODY_ALIAS)}.${ident(c.name)}`);
  return sql`UPDATE ${target(plan)} SET ${join(sets, ', ')} FROM (${payloadRows(plan, true)}) AS ${ident(BODY_ALIAS)}${whereSql(plan)} ${returningSql(plan)}`;
}

function deleteSql(plan: MutatePlan): Fragment {
  return sql`DELETE FROM ${target(plan)}${whereSql(plan)} ${returningSql(plan)}`;
}

/** Filters, plus for limit/offset the ctids of the first matching rows in `order`. */
function whereSql(plan: MutatePlan): Fragment {
  const noEmbeds = (): Fragment => {
    throw new Error('embed filters are rejected by the planner for mutations');
  };
  const parts = plan.where.map((tree) => logicSql(relationAlias(plan.read.id), tree, noEmbeds));
  if (plan.range !== null) {
    const range = plan.range;
    const filters = parts.length === 0 ? empty : sql` WHERE ${join(parts, ' AND ')}`;
    const order = orderSql(plan.read, range.order);
    const window = sql`SELECT ${ident(relationAlias(plan.read.id))}.ctid FROM ${target(plan)}${filters}${order}${limitOffsetSql(range.limit, range.offset)}`;
    return sql` WHERE ${ident(relationAlias(plan.read.id))}.ctid = ANY(ARRAY(${window}))`;
  }
  return parts.length === 0 ? empty : sql` WHERE ${join(parts, ' AND ')}`;
}

function returningList(plan: MutatePlan): Fragment {
  const alias = ident(relationAlias(plan.read.id));
  if (plan.returning === 'all') return sql`${alias}.*`;
  if (plan.returning.length === 0) return raw('1');
  return join(
    plan.returning.map((c) => sql`${alias}.${ident(c.name)}`),
    ', ',
  );
}

function returningSql(plan: MutatePlan): Fragment {
  const inserted = plan.trackInserted ? sql`, (${ident(relationAlias(plan.read.id))}.xmax = 0) AS ${ident(INSERTED_COLUMN)}` : empty;
  return sql`RETURNING ${returningList(plan)}${inserted}`;
}
