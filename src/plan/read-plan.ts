// Plans a GET/HEAD on a relation: resolves select, filters, logic, order and range into a ReadPlan tree.
import type { Config } from '../config/config.ts';
import { ApiError } from '../errors/api-error.ts';
import type { ApiRequest, Condition, EmbedPath, LogicTree } from '../request/types.ts';
import type { SchemaCache, Table } from '../schema/types.ts';
import { findColumn, findTable } from './resolve.ts';
import { groupByFields, resolveSelect } from './select-plan.ts';
import type { PlannedCondition, PlannedLogic, PlannedOrder, ReadPlan, ReadRequestPlan } from './types.ts';

const samePath = (a: EmbedPath, b: EmbedPath): boolean => a.length === b.length && a.every((p, i) => p === b[i]);

export function planReadRequest(request: ApiRequest, cache: SchemaCache, config: Config, relationName: string): ReadRequestPlan {
  const table = findTable(cache, request.schema, relationName);
  const read = planReadNode(request, cache, config, table, [], { next: 0 });
  return {
    kind: 'read',
    read,
    count: request.preferences.count,
    media: request.accept,
    headOnly: request.action.kind === 'read' && request.action.headOnly,
    maxRows: config.dbMaxRows,
    request,
  };
}

interface AliasCounter {
  next: number;
}

/** Plans one relation of the select tree; embeds are rejected until relationships are planned. */
export function planReadNode(
  request: ApiRequest,
  cache: SchemaCache,
  config: Config,
  table: Table,
  path: EmbedPath,
  aliases: AliasCounter,
): ReadPlan {
  const alias = `pgrst_${aliases.next++}`;
  const selection = resolveSelect(cache, table, selectAt(request, path));
  if (selection.hasAggregate && !config.dbAggregatesEnabled) throw new ApiError('PGRST123');
  for (const embed of selection.embeds) {
    throw new ApiError('PGRST200', {
      message: `Could not find a relationship between '${table.name}' and '${embed.relation}' in the schema cache`,
      hint: `Perhaps you meant '${embed.relation}' instead of '${embed.relation}'.`,
    });
  }
  const where: PlannedLogic[] = [
    ...request.filters.filter((f) => samePath(f.path, path)).map((f) => condition(table, f)),
    ...request.logic.filter((l) => samePath(l.path, path)).map((l) => logic(table, l.tree)),
  ];
  const order: PlannedOrder[] = request.order
    .filter((o) => samePath(o.path, path))
    .flatMap((o) => o.terms)
    .map((term) => {
      if (term.relation !== null) {
        throw new ApiError('PGRST118', {
          message: `A related order on '${term.relation}' is not possible`,
          details: `'${table.name}' has no to-one relationship named '${term.relation}' in the select`,
        });
      }
      return { embedAlias: null, field: findColumn(table, term.field), direction: term.direction, nulls: term.nulls };
    });
  const range = request.ranges.find((r) => samePath(r.path, path));
  const offset = range?.offset ?? 0;
  let limit = range?.limit ?? null;
  if (path.length === 0 && config.dbMaxRows !== null) limit = limit === null ? config.dbMaxRows : Math.min(limit, config.dbMaxRows);
  return {
    table,
    alias,
    select: selection.items,
    where,
    order,
    offset,
    limit,
    groupBy: selection.hasAggregate ? groupByFields(selection.items) : [],
  };
}

function selectAt(request: ApiRequest, path: EmbedPath) {
  if (path.length === 0) return request.select;
  throw new Error('embedded selects are planned by the embedding planner');
}

function condition(table: Table, c: Condition): PlannedLogic {
  return { kind: 'condition', condition: plannedCondition(table, c) };
}

export function plannedCondition(table: Table, c: Condition): PlannedCondition {
  return { field: findColumn(table, c.field), negated: c.negated, operation: c.operation };
}

export function logic(table: Table, tree: LogicTree): PlannedLogic {
  if (tree.kind === 'condition') return condition(table, tree.condition);
  return { kind: 'expr', operator: tree.operator, negated: tree.negated, children: tree.children.map((t) => logic(table, t)) };
}
