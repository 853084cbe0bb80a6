// Name resolution against the schema cache, with PostgREST's "Perhaps you meant" hints.
import { ApiError } from '../errors/api-error.ts';
import type { Field } from '../request/types.ts';
import { qualifiedKey, type Column, type SchemaCache, type Table } from '../schema/types.ts';
import type { ResolvedField } from './types.ts';
import { undefinedColumn } from '../errors/schema-errors.ts';

export function findTable(cache: SchemaCache, schema: string, name: string): Table {
  const table = cache.tables.get(qualifiedKey(schema, name));
  if (table) return table;
  const candidates = [...cache.tables.values()].filter((t) => t.schema === schema).map((t) => t.name);
  const closest = closestName(name, candidates);
  throw new ApiError('PGRST205', {
    message: `Could not find the table '${schema}.${name}' in the schema cache`,
    hint: closest === null ? null : `Perhaps you meant the table '${schema}.${closest}'`,
  });
}

export function findColumn(table: Table, field: Field): ResolvedField {
  const column = table.columnsByName.get(field.name);
  const computed = column ? undefined : table.computedFields?.get(field.name);
  if (computed) {
    const result: Column = {
      name: computed.name,
      type: computed.returnType,
      nullable: true,
      hasDefault: false,
      defaultExpression: null,
      generated: false,
      comment: null,
    };
    return { column: result, jsonPath: field.jsonPath, computed: { function: computed, rowType: { schema: table.schema, name: table.name } } };
  }
  if (!column) {
    throw undefinedColumn(table.name, field.name, hintForColumn(table, field.name));
  }
  return { column, jsonPath: field.jsonPath };
}

function hintForColumn(table: Table, name: string): string | null {
  const closest = closestName(
    name,
    table.columns.map((c) => c.name),
  );
  return closest === null ? null : `Perhaps you meant to reference the column "${table.name}.${closest}".`;
}

/** The candidate with the smallest edit distance, if it is close enough to be a plausible typo. */
export function closestName(name: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const tolerance = Math.max(2, Math.floor(name.length / 3));
  return best !== null && bestDistance <= tolerance ? best : null;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 10) return Math.abs(a.length - b.length);
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
