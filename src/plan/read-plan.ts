// Plans a GET/HEAD on a relation: resolves select, filters, logic, order and range into a ReadPlan tree.
import type { Config } from '../config/config.ts';
import type { ApiRequest, Condition, EmbedPath, LogicTree, SelectItem } from '../request/types.ts';
import type { SchemaCache, Table } from '../schema/types.ts';
import { countStrategy } from './count-strategy.ts';
import { appliedForRead } from './preferences-applied.ts';
import { txOverrideAllowed } from './write-preferences.ts';
import { checkEmbedPaths, samePath } from './embed-paths.ts';
import { embedNullFilter, planEmbeds, relatedOrder, type PlannedEmbeds } from './embed-plan.ts';
import { findColumn, findTable } from './resolve.ts';
import { groupByFields, resolveSelect } from './select-plan.ts';
import type { PlannedCondition, PlannedLogic, PlannedOrder, ReadPlan, ReadRequestPlan } from './types.ts';
import { aggregatesDisabled } from '../errors/request-errors.ts';

export function planReadRequest(request: ApiRequest, cache: SchemaCache, config: Config, relationName: string): ReadRequestPlan {
  checkEmbedPaths(request);
  const table = findTable(cache, request.schema, relationName);
  const read = planReadNode(request, cache, config, table, [], { next: 0 });
  return {
    kind: 'read',
    read,
    count: countStrategy('read', request.preferences.count, config.dbMaxRows),
    media: request.accept,
    headOnly: request.action.kind === 'read' && request.action.headOnly,
    applied: appliedForRead(request.preferences, txOverrideAllowed(config)),
    request,
  };
}

export interface AliasCounter {
  next: number;
}

/**
 * Plans one relation of the select tree and, recursively, its embeds. The root is planned with
 * `path = []` and the request's select; writes and RPC reuse it for their representation.
 */
export function planReadNode(
  request: ApiRequest,
  cache: SchemaCache,
  config: Config,
  table: Table,
  path: EmbedPath,
  aliases: AliasCounter,
  items: readonly SelectItem[] = request.select,
): ReadPlan {
  const id = aliases.next++;
  const selection = resolveSelect(cache, table, items);
  if (selection.usesAggregateFunctions && !config.dbAggregatesEnabled) throw aggregatesDisabled();
  const embeds: PlannedEmbeds = planEmbeds(selection.embeds, table, path, cache, config, (child, childPath, childItems) =>
    planReadNode(request, cache, config, child, childPath, aliases, childItems),
  );
  const where: PlannedLogic[] = [
    ...request.filters.filter((f) => samePath(f.path, path)).map((f) => embedNullFilter(table, f, embeds) ?? condition(table, f)),
    ...request.logic.filter((l) => samePath(l.path, path)).map((l) => logic(table, l.tree, embeds)),
  ];
  const order: PlannedOrder[] = request.order
    .filter((o) => samePath(o.path, path))
    .flatMap((o) => o.terms)
    .map((term) =>
      term.relation !== null
        ? relatedOrder(table, term, embeds)
        : { embedId: null, field: findColumn(table, term.field), direction: term.direction, nulls: term.nulls },
    );
  const range = request.ranges.find((r) => samePath(r.path, path));
  const offset = range?.offset ?? 0;
  let limit = range?.limit ?? null;
  // db-max-rows caps every level, as PostgREST restricts each node of the tree.
  limit = capToMaxRows(limit, config.dbMaxRows);
  return {
    table,
    id,
    select: [...selection.items, ...embeds.map((e) => ({ kind: 'embed' as const, embed: e.plan }))],
    where,
    order,
    offset,
    limit,
    groupBy: selection.hasAggregate ? groupByFields(selection.items) : [],
  };
}

function condition(table: Table, c: Condition): PlannedLogic {
  return { kind: 'condition', condition: plannedCondition(table, c) };
}

export function plannedCondition(table: Table, c: Condition): PlannedCondition {
  return { field: findColumn(table, c.field), negated: c.negated, operation: c.operation };
}

/** A logic tree; conditions naming an embed (`or=(tasks.is.null,…)`) become embed-null nodes. */
export function logic(table: Table, tree: LogicTree, embeds: PlannedEmbeds = []): PlannedLogic {
  if (tree.kind === 'condition') return embedNullFilter(table, tree.condition, embeds) ?? condition(table, tree.condition);
  return { kind: 'expr', operator: tree.operator, negated: tree.negated, children: tree.children.map((t) => logic(table, t, embeds)) };
}

/** db-max-rows caps every read: an unbounded limit becomes the cap, a larger one is lowered to it. */
export function capToMaxRows(limit: number | null, maxRows: number | null): number | null {
  if (maxRows === null) return limit;
  return limit === null ? maxRows : Math.min(limit, maxRows);
}
