// Plans POST/GET/HEAD /rpc/<name>: the overload, its arguments, transaction mode and the result's read.
import type { Config } from '../config/config.ts';
import type { ApiRequest, MediaType } from '../request/types.ts';
import { qualifiedKey, type Column, type Routine, type RoutineParameter, type SchemaCache, type Table } from '../schema/types.ts';
import type { CallArguments, CallRequestPlan, CallReturnShape } from './call-types.ts';
import { argumentKeysFor, findRoutine, inputParams, matchesNames, takesWholeBody, type CallSignature } from './find-routine.ts';
import { countStrategy } from './count-strategy.ts';
import { appliedForCall } from './preferences-applied.ts';
import { shouldRollback, txOverrideAllowed } from './write-preferences.ts';
import { capToMaxRows, planReadNode } from './read-plan.ts';
import { findColumn } from './resolve.ts';
import { invalidBody, notAcceptable } from '../errors/request-errors.ts';

const OUTPUT_MODES = new Set<RoutineParameter['mode']>(['out', 'inout', 'table']);

export function planCallRequest(request: ApiRequest, cache: SchemaCache, config: Config, name: string): CallRequestPlan {
  const method = request.action.kind === 'call' ? request.action.method : 'POST';
  const isPost = method === 'POST';
  const signature = callSignature(request, isPost);
  const routine = findRoutine(cache, request.schema, name, signature);
  const argKeys = argumentKeysFor(routine, signature);
  const args = isPost ? bodyArguments(request, routine, signature, argKeys) : queryArguments(request, routine, argKeys);

  // GET keys used as arguments are not filters on the result.
  const filters = request.filters.filter((f) => !(f.path.length === 0 && f.field.jsonPath.length === 0 && argKeys.has(f.field.name) && !isPost));
  const resultRequest: ApiRequest = { ...request, filters };
  const { returns, table, outColumns } = returnShape(cache, routine);

  const rawOutput = rawOutputFor(request.accept.type, returns, routine);
  let read = null;
  let offset = 0;
  let limit: number | null = null;
  if (table !== null) {
    read = { ...planReadNode(resultRequest, cache, config, table, [], { next: 0 }), source: 'call' as const };
  } else {
    rejectResultQuery(resultRequest, routine);
    const range = request.ranges.find((r) => r.path.length === 0);
    offset = returns === 'setof-scalar' ? (range?.offset ?? 0) : 0;
    limit = returns === 'setof-scalar' ? capToMaxRows(range?.limit ?? null, config.dbMaxRows) : null;
  }
  return {
    kind: 'call',
    routine,
    args,
    returns,
    read,
    offset,
    limit,
    outColumns,
    count: countStrategy('call', request.preferences.count, config.dbMaxRows),
    media: request.accept,
    headOnly: method === 'HEAD',
    readOnly: !isPost || routine.volatility !== 'volatile',
    rawOutput,
    maxAffected: request.preferences.handling === 'strict' ? request.preferences.maxAffected : null,
    rollback: shouldRollback(config, request.preferences),
    applied: appliedForCall(request.preferences, txOverrideAllowed(config)),
    request,
  };
}

function callSignature(request: ApiRequest, isPost: boolean): CallSignature {
  const contentType: MediaType = request.payload?.contentType ?? 'application/json';
  if (isPost) {
    const raw = contentType === 'text/plain' || contentType === 'application/octet-stream';
    return { keys: new Set(raw ? [] : (request.payload?.keys ?? [])), optionalKeys: new Set(), isPost, contentType };
  }
  const keys = new Set<string>();
  const optionalKeys = new Set<string>();
  for (const [key, , alsoFilter] of request.rpcQueryArgs) (alsoFilter ? optionalKeys : keys).add(key);
  for (const key of keys) optionalKeys.delete(key);
  return { keys, optionalKeys, isPost, contentType };
}

function bodyArguments(request: ApiRequest, routine: Routine, signature: CallSignature, argKeys: Set<string>): CallArguments {
  const payload = request.payload;
  if (!matchesNames(routine, signature) && takesWholeBody(routine, signature)) {
    const param = inputParams(routine)[0]!;
    const raw = payload?.raw;
    const value = raw === undefined ? (payload?.json ?? '{}') : param.type.name === 'bytea' ? '\\x' + raw.toString('hex') : raw.toString('utf8');
    return { kind: 'positional', param, value };
  }
  if (payload?.notArguments !== undefined) throw invalidBody(payload.notArguments);
  const params = inputParams(routine).filter((p) => argKeys.has(p.name));
  if (params.length === 0) return { kind: 'none' };
  if (payload?.isArray) {
    throw invalidBody('A JSON array body is only accepted by a function with a single unnamed json or jsonb parameter');
  }
  return { kind: 'record', json: payload?.json ?? '{}', params };
}

function queryArguments(request: ApiRequest, routine: Routine, argKeys: Set<string>): CallArguments {
  const values = inputParams(routine)
    .filter((p) => argKeys.has(p.name))
    .map((param) => {
      const all = request.rpcQueryArgs.filter(([key]) => key === param.name).map(([, value]) => value);
      return { param, value: param.mode === 'variadic' ? all : all[all.length - 1]! };
    });
  return values.length === 0 ? { kind: 'none' } : { kind: 'direct', values };
}

/** PostgREST treats a function as returning rows when its type is composite or it has OUT/INOUT/TABLE parameters. */
function returnShape(cache: SchemaCache, routine: Routine): { returns: CallReturnShape; table: Table | null; outColumns: string[] | null } {
  const outputs = routine.parameters.filter((p) => OUTPUT_MODES.has(p.mode));
  if (outputs.length > 0) {
    const columns = outputs.map((p, i) => column(p.name || `column${i + 1}`, p));
    return { returns: routine.returnsSet ? 'setof-composite' : 'composite', table: syntheticTable(routine, columns), outColumns: columns.map((c) => c.name) };
  }
  if (routine.returnType.category === 'C' && routine.returnTypeColumns !== null) {
    const relation = routine.returnsRelation;
    const cached = relation ? cache.tables.get(qualifiedKey(relation.schema, relation.name)) : undefined;
    const table = cached ?? syntheticTable(routine, routine.returnTypeColumns);
    return { returns: routine.returnsSet ? 'setof-composite' : 'composite', table, outColumns: null };
  }
  if (routine.returnType.name === 'void' && !routine.returnsSet) return { returns: 'void', table: null, outColumns: null };
  return { returns: routine.returnsSet ? 'setof-scalar' : 'scalar', table: null, outColumns: null };
}

const column = (name: string, param: RoutineParameter): Column => ({
  name,
  type: param.type,
  nullable: true,
  hasDefault: false,
  defaultExpression: null,
  generated: false,
  comment: null,
});

/** A read-only stand-in table for a function's rows: names and types only. */
function syntheticTable(routine: Routine, columns: Column[]): Table {
  return {
    schema: routine.schema,
    name: routine.name,
    kind: 'view',
    columns,
    columnsByName: new Map(columns.map((c) => [c.name, c])),
    primaryKey: [],
    comment: null,
    insertable: false,
    updatable: false,
    deletable: false,
  };
}

/** A scalar result has no columns: any remaining filter, order or column selection names a missing column. */
function rejectResultQuery(request: ApiRequest, routine: Routine): void {
  const empty = syntheticTable(routine, []);
  for (const filter of request.filters) findColumn(empty, filter.field);
  for (const spec of request.order) for (const term of spec.terms) findColumn(empty, term.field);
  for (const item of request.select) if (item.kind === 'field' && item.field) findColumn(empty, item.field);
}

function rawOutputFor(type: MediaType, returns: CallReturnShape, routine: Routine): CallRequestPlan['rawOutput'] {
  if (type !== 'text/plain' && type !== 'application/octet-stream') {
    if (type === 'text/csv' && (returns === 'scalar' || returns === 'setof-scalar')) throw notAcceptable([type]);
    return null;
  }
  if (returns !== 'scalar' && returns !== 'void') throw notAcceptable([type]);
  return type === 'application/octet-stream' && routine.returnType.name === 'bytea' ? 'binary' : 'text';
}
