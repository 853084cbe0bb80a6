// Plans the embeds of one ReadPlan node: relationship choice, child plans, `rel=is.null` filters and `order=rel(col)`.
import type { Config } from '../config/config.ts';
import { ApiError } from '../errors/api-error.ts';
import type { Condition, EmbedPath, OrderTerm, SelectItem } from '../request/types.ts';
import { isToOne } from '../schema/relationship-types.ts';
import { qualifiedKey, type Column, type SchemaCache, type Table } from '../schema/types.ts';
import { pathName, type EmbedItem } from './embed-paths.ts';
import { findRelationship } from './find-relationship.ts';
import type { EmbedPlan, PlannedLogic, PlannedOrder, PlannedSelect, ReadPlan } from './types.ts';
import { notEmbedded } from '../errors/request-errors.ts';
import { undefinedColumn } from '../errors/schema-errors.ts';

/** An embed with the name filters and orders use for it. */
export type PlannedEmbeds = ReadonlyArray<{ name: string; plan: EmbedPlan }>;

export type PlanChild = (table: Table, path: EmbedPath, items: readonly SelectItem[]) => ReadPlan;

export function planEmbeds(
  items: readonly EmbedItem[],
  parent: Table,
  path: EmbedPath,
  cache: SchemaCache,
  config: Config,
  planChild: PlanChild,
): PlannedEmbeds {
  return items.map((item) => {
    const relationship = findRelationship(cache, parent.schema, parent.name, item.relation, item.hint);
    const child = cache.tables.get(qualifiedKey(relationship.foreignTable.schema, relationship.foreignTable.name));
    if (!child) throw new Error(`relationship target ${relationship.foreignTable.name} is not in the schema cache`);
    const toOne = isToOne(relationship);
    const name = pathName(item);
    const read = planChild(child, [...path, name], item.children);
    const plan: EmbedPlan = {
      outputName: name,
      read,
      relationship,
      toOne,
      inner: item.joinType === 'inner',
      spread: item.spread,
      empty: isEmpty(read),
    };
    return { name, plan };
  });
}

/** `rel()` (and `rel(sub())`) selects nothing and adds no key to the output. */
function isEmpty(read: ReadPlan): boolean {
  return read.select.every((s) => s.kind === 'embed' && s.embed.empty);
}

/**
 * `rel=is.null` / `rel=not.is.null` on an embed named `rel` becomes an anti/semi join. Another
 * operator on that name is a column filter when the table has such a column, else PGRST120.
 */
export function embedNullFilter(table: Table, condition: Condition, embeds: PlannedEmbeds): PlannedLogic | null {
  if (condition.field.jsonPath.length > 0) return null;
  const embed = embeds.find((e) => e.name === condition.field.name);
  if (!embed) return null;
  const op = condition.operation;
  if (op.kind === 'is' && (op.value === 'null' || op.value === 'not_null')) {
    return { kind: 'embed-null', embedId: embed.plan.read.id, isNull: (op.value === 'null') !== condition.negated };
  }
  if (table.columnsByName.has(condition.field.name)) return null;
  throw new ApiError('PGRST120', {
    message: `Bad operator on the '${embed.name}' embedded resource`,
    details: 'Only is null or not is null filters are allowed on embedded resources',
  });
}

/** `order=rel(col)`: orders by an output column of a selected to-one embed. */
export function relatedOrder(table: Table, term: OrderTerm, embeds: PlannedEmbeds): PlannedOrder {
  const relation = term.relation!;
  const embed = embeds.find((e) => e.name === relation);
  if (!embed) throw notEmbedded(relation);
  if (!embed.plan.toOne) {
    throw new ApiError('PGRST118', {
      message: `A related order on '${relation}' is not possible`,
      details: `'${table.name}' and '${relation}' do not form a many-to-one or one-to-one relationship`,
    });
  }
  const column = outputColumn(embed.plan.read, term.field.name);
  if (!column) {
    throw undefinedColumn(relation, term.field.name, `Select '${term.field.name}' in '${relation}(…)' to order by it.`);
  }
  return { embedId: embed.plan.read.id, field: { column, jsonPath: term.field.jsonPath }, direction: term.direction, nulls: term.nulls };
}

/** The column an embed outputs under `name` (renamed to the output name), if any. */
function outputColumn(read: ReadPlan, name: string): Column | null {
  for (const item of read.select) {
    if (item.kind === 'field' && item.outputName === name && item.aggregate === null) return { ...item.field.column, name };
    if (item.kind === 'star' && read.table.columnsByName.has(name)) return read.table.columnsByName.get(name)!;
    if (item.kind === 'embed' && item.embed.spread && item.embed.toOne) {
      const lifted = outputColumn(item.embed.read, name);
      if (lifted) return lifted;
    }
  }
  return null;
}

/** The keys a node contributes to its parent's row: fields, non-spread embeds, and spread columns lifted. */
export function outputNames(read: ReadPlan): string[] {
  return read.select.flatMap((item: PlannedSelect): string[] => {
    switch (item.kind) {
      case 'star':
        return read.table.columns.map((c) => c.name);
      case 'field':
      case 'count':
        return [item.outputName];
      case 'embed':
        if (item.embed.empty) return [];
        return item.embed.spread ? outputNames(item.embed.read) : [item.embed.outputName];
    }
  });
}
