// OPTIONS on a relation: the Allow header from the relation kind and updatability (PostgREST's allowH).
import type { ApiRequest } from '../request/types.ts';
import type { SchemaCache, Table } from '../schema/types.ts';
import type { RelationInfoPlan } from './mutate-types.ts';
import { findTable } from './resolve.ts';

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
