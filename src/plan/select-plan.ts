// Resolves select items (columns, casts, JSON paths, aggregates) of one relation against the cache.
import type { Field, SelectItem } from '../request/types.ts';
import type { SchemaCache, Table, TypeRef } from '../schema/types.ts';
import { findColumn } from './resolve.ts';
import type { PlannedSelect, ResolvedField } from './types.ts';
import { undefinedType } from '../errors/schema-errors.ts';

/** A user-written cast type (`text`, `int`, `varchar[]`), resolved to a catalog type. */
export function resolveCast(cache: SchemaCache, cast: string): TypeRef {
  const normalized = cast.trim().toLowerCase().replace(/\s+/g, ' ');
  const isArray = normalized.endsWith('[]');
  const base = isArray ? normalized.slice(0, -2).trim() : normalized;
  const baseType = cache.types.get(base);
  const type = baseType && isArray ? cache.types.get('_' + baseType.name) : baseType;
  if (!type) throw undefinedType(cast);
  return type;
}

/** PostgREST names a JSON path selection after its last key (`data->a->>b` → `b`). */
export function defaultOutputName(field: Field): string {
  for (let i = field.jsonPath.length - 1; i >= 0; i--) {
    const key = field.jsonPath[i]!.key;
    if (typeof key === 'string') return key;
  }
  return field.name;
}

export interface SelectResolution {
  items: PlannedSelect[];
  /** Embedded select items, planned by the caller (embedding needs relationships). */
  embeds: Array<SelectItem & { kind: 'embed' }>;
  /** Rows are grouped (an aggregate or the legacy `count` field was selected). */
  hasAggregate: boolean;
  /** An aggregate function was written (`count()`, `x.sum()`): needs db-aggregates-enabled. */
  usesAggregateFunctions: boolean;
}

/**
 * `select=count` and `rel(count)` without parentheses: PostgREST emits the field `"t"."count"`, which
 * PostgreSQL reads as `count(t)` (functional notation), so it counts rows even with aggregates
 * disabled. Only when the relation has no column or computed field of that name.
 */
const isLegacyCount = (table: Table, item: SelectItem & { kind: 'field' }): boolean =>
  item.field !== null &&
  item.field.name === 'count' &&
  item.field.jsonPath.length === 0 &&
  item.aggregate === null &&
  !table.columnsByName.has('count') &&
  !table.computedFields?.has('count');

export function resolveSelect(cache: SchemaCache, table: Table, items: readonly SelectItem[]): SelectResolution {
  const resolved: PlannedSelect[] = [];
  const embeds: Array<SelectItem & { kind: 'embed' }> = [];
  let hasAggregate = false;
  let usesAggregateFunctions = false;
  for (const item of items) {
    if (item.kind === 'star') resolved.push({ kind: 'star' });
    else if (item.kind === 'embed') embeds.push(item);
    else if (isLegacyCount(table, item)) {
      hasAggregate = true;
      resolved.push({ kind: 'count', outputName: item.alias ?? 'count', cast: item.cast === null ? null : resolveCast(cache, item.cast) });
    } else {
      const aggregate = item.aggregate ? { fn: item.aggregate.fn, cast: item.aggregate.cast === null ? null : resolveCast(cache, item.aggregate.cast) } : null;
      hasAggregate ||= aggregate !== null;
      usesAggregateFunctions ||= aggregate !== null;
      const cast = item.cast === null ? null : resolveCast(cache, item.cast);
      if (item.field === null) {
        resolved.push({ kind: 'count', outputName: item.alias ?? 'count', cast: aggregate?.cast ?? cast });
        continue;
      }
      const field = findColumn(table, item.field);
      const outputName = item.alias ?? (aggregate ? aggregate.fn : defaultOutputName(item.field));
      resolved.push({ kind: 'field', field, cast, outputName, aggregate });
    }
  }
  return { items: resolved, embeds, hasAggregate, usesAggregateFunctions };
}

/** With aggregates, every plain selected field is grouped (PostgREST's implicit GROUP BY). */
export function groupByFields(items: readonly PlannedSelect[]): ResolvedField[] {
  return items.flatMap((item) => (item.kind === 'field' && item.aggregate === null ? [item.field] : []));
}
