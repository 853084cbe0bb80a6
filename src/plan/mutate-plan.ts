// Plans POST/PATCH/PUT/DELETE on a relation: payload columns, conflict target, filters, returning and representation.
import type { Config } from '../config/config.ts';
import { ApiError } from '../errors/api-error.ts';
import type { ApiRequest, Payload } from '../request/types.ts';
import type { Column, SchemaCache, Table } from '../schema/types.ts';
import type { ConflictPlan, MutatePlan, Mutation, MutationRange, ReturnPreference } from './mutate-types.ts';
import { planPutConditions, checkPutPayload } from './put-checks.ts';
import { planReadNode } from './read-plan.ts';
import { allowedMethods } from './info-plan.ts';
import { findTable } from './resolve.ts';
import type { PlannedLogic, ReadPlan } from './types.ts';
import { countStrategy } from './count-strategy.ts';
import { appliedForWrite } from './preferences-applied.ts';
import { maxAffectedFor, shouldRollback, txOverrideAllowed } from './write-preferences.ts';
import { notImplemented, relationNotWritable } from '../errors/request-errors.ts';

const MUTATIONS: Record<string, Mutation> = { create: 'create', update: 'update', upsert: 'upsert', delete: 'delete' };

export function planMutateRequest(request: ApiRequest, cache: SchemaCache, config: Config, relationName: string): MutatePlan {
  const mutation = MUTATIONS[request.action.kind];
  if (!mutation) throw new Error(`not a mutation: ${request.action.kind}`);
  const table = findTable(cache, request.schema, relationName);
  checkWritable(mutation, table);
  // The select tree, filters and order are resolved exactly as for a read; the root filters then
  // drive the mutation and the rest shapes the representation.
  const read = planReadNode(request, cache, config, table, [], { next: 0 });
  const prefs = request.preferences;

  const putConditions = mutation === 'upsert' ? planPutConditions(request, table) : [];
  const payload = mutation === 'delete' ? null : request.payload;
  const columns = payload === null ? [] : payloadColumns(table, payload);
  if (mutation === 'upsert') checkPutPayload(table, payload!, columns);

  const onConflict = conflictPlan(mutation, request, table);
  const returnPreference: ReturnPreference = prefs.return ?? 'minimal';
  const where = mutation === 'update' || mutation === 'delete' ? read.where : [];
  for (const tree of where) rejectEmbedFilters(tree);

  return {
    kind: 'mutate',
    mutation,
    table,
    columns,
    payload,
    applyDefaults: prefs.missing === 'default' && (mutation === 'create' || mutation === 'update'),
    onConflict,
    where,
    putConditions,
    range: mutationRange(mutation, request, table, read),
    returnPreference,
    returning: returningColumns(mutation, returnPreference, table, read),
    read: { ...read, where: [], offset: 0, limit: null, source: 'mutation' },
    trackInserted: (mutation === 'upsert' || onConflict?.action === 'merge') && table.kind === 'table',
    count: countStrategy('mutate', prefs.count, null),
    media: request.accept,
    maxAffected: maxAffectedFor(mutation, prefs),
    rollback: shouldRollback(config, prefs),
    applied: appliedForWrite(mutation, prefs, {
      upsertApplied: mutation === 'create' && onConflict !== null,
      txAllowed: txOverrideAllowed(config),
    }),
    request,
  };
}

const NEEDS: Record<Mutation, Array<{ flag: 'insertable' | 'updatable' | 'deletable'; verb: string }>> = {
  create: [{ flag: 'insertable', verb: 'insert into' }],
  update: [{ flag: 'updatable', verb: 'update' }],
  upsert: [
    { flag: 'insertable', verb: 'insert into' },
    { flag: 'updatable', verb: 'update' },
  ],
  delete: [{ flag: 'deletable', verb: 'delete from' }],
};

/**
 * A view Postgres cannot write through (not auto-updatable, no INSTEAD OF trigger or rule) is a
 * 405 with the Allow header OPTIONS would give. PostgREST lets the database fail (55000 → 500).
 */
function checkWritable(mutation: Mutation, table: Table): void {
  for (const { flag, verb } of NEEDS[mutation]) {
    if (table[flag]) continue;
    const kind = table.kind.replace('_', ' ');
    throw relationNotWritable(verb, kind, table.name, flag, allowedMethods(table));
  }
}

/** Payload keys (or `columns=`) → table columns; an unknown key is PGRST204. */
function payloadColumns(table: Table, payload: Payload): Column[] {
  const seen = new Set<string>();
  const columns: Column[] = [];
  for (const key of payload.keys) {
    if (seen.has(key)) continue;
    seen.add(key);
    const column = table.columnsByName.get(key);
    if (!column) throw columnNotFound(table, key);
    columns.push(column);
  }
  return columns;
}

export function columnNotFound(table: Table, name: string): ApiError {
  return new ApiError('PGRST204', { message: `Could not find the '${name}' column of '${table.name}' in the schema cache` });
}

/**
 * POST with `resolution=`: the conflict target is `on_conflict=` or else the primary key; without
 * either the request is a plain insert (and the preference is not applied). PUT always merges on
 * the primary key.
 */
function conflictPlan(mutation: Mutation, request: ApiRequest, table: Table): ConflictPlan | null {
  if (mutation === 'upsert') return { columns: table.primaryKey, action: 'merge' };
  const resolution = request.preferences.resolution;
  if (mutation !== 'create' || resolution === null) return null;
  const target = request.onConflict ?? table.primaryKey;
  if (target.length === 0) return null;
  for (const name of target) if (!table.columnsByName.has(name)) throw columnNotFound(table, name);
  return { columns: [...target], action: resolution === 'merge-duplicates' ? 'merge' : 'ignore' };
}

/** `limit`/`offset` on PATCH/DELETE change only that window of the ordered matching rows. */
function mutationRange(mutation: Mutation, request: ApiRequest, table: Table, read: ReadPlan): MutationRange | null {
  if (mutation !== 'update' && mutation !== 'delete') return null;
  const range = request.ranges.find((r) => r.path.length === 0);
  if (!range || (range.limit === null && range.offset === 0)) return null;
  if (table.kind !== 'table') {
    throw notImplemented(`limit/offset on ${request.method} is only supported on tables, and '${table.name}' is a ${table.kind.replace('_', ' ')}`);
  }
  return { offset: range.offset, limit: range.limit, order: read.order };
}

/** What RETURNING must produce: nothing, the primary key (for Location), or what the representation reads. */
function returningColumns(mutation: Mutation, preference: ReturnPreference, table: Table, read: ReadPlan): 'all' | Column[] {
  if (preference === 'minimal') return [];
  if (preference === 'headers-only') {
    return mutation === 'create' ? table.primaryKey.map((name) => table.columnsByName.get(name)!).filter(Boolean) : [];
  }
  // A computed field takes the whole row, as embeds do.
  const computed = read.select.some((item) => item.kind === 'field' && item.field.computed) || read.order.some((term) => term.field.computed);
  if (computed || read.select.some((item) => item.kind === 'star' || item.kind === 'embed')) return 'all';
  const names = new Set<string>();
  for (const item of read.select) if (item.kind === 'field') names.add(item.field.column.name);
  for (const term of read.order) if (term.embedId === null) names.add(term.field.column.name);
  return table.columns.filter((c) => names.has(c.name));
}

/** `rel=is.null` filters need the embedding join, which a mutation does not have. */
function rejectEmbedFilters(tree: PlannedLogic): void {
  if (tree.kind === 'embed-null') {
    throw notImplemented('Filters on embedded resources cannot restrict a mutation');
  }
  if (tree.kind === 'expr') tree.children.forEach(rejectEmbedFilters);
}
