// OPTIONS: the Allow header from the relation kind and updatability (PostgREST's allowH), a function's volatility, or the root.
import type { ApiRequest } from '../request/types.ts';
import { qualifiedKey, type SchemaCache, type Table } from '../schema/types.ts';
import type { RelationInfoPlan } from './mutate-types.ts';
import { findTable } from './resolve.ts';
import { findRoutine } from './find-routine.ts';

/**
 * Views allow only what Postgres can write through them (auto-updatable or INSTEAD OF triggers,
 * from pg_relation_is_updatable); PUT also needs a primary key.
 */
export function planRelationInfo(request: ApiRequest, cache: SchemaCache, relationName: string): RelationInfoPlan {
  return { kind: 'info', allow: allowedMethods(findTable(cache, request.schema, relationName)), request };
}

export function allowedMethods(table: Table): string[] {
  const allow = ['OPTIONS', 'GET', 'HEAD'];
  if (table.insertable) allow.push('POST');
  if (table.insertable && table.updatable && table.primaryKey.length > 0) allow.push('PUT');
  if (table.updatable) allow.push('PATCH');
  if (table.deletable) allow.push('DELETE');
  return allow;
}

/** OPTIONS /rpc/f: volatile functions take only POST; stable and immutable ones also GET/HEAD (PostgREST). */
export function planRoutineInfo(request: ApiRequest, cache: SchemaCache, name: string): RelationInfoPlan {
  const overloads = cache.routines.get(qualifiedKey(request.schema, name)) ?? [];
  // An unknown function gets PGRST202 with its hint, as a call would.
  if (overloads.length === 0)
    findRoutine(cache, request.schema, name, { keys: new Set(), optionalKeys: new Set(), isPost: true, contentType: 'application/json' });
  const readOnly = overloads.every((routine) => routine.volatility !== 'volatile');
  return { kind: 'info', allow: readOnly ? ['OPTIONS', 'GET', 'HEAD', 'POST'] : ['OPTIONS', 'POST'], request };
}

/** OPTIONS /: the root document is read-only. */
export const planRootInfo = (request: ApiRequest): RelationInfoPlan => ({ kind: 'info', allow: ['OPTIONS', 'GET', 'HEAD'], request });
