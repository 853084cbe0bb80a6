// Chooses the relationship an embed means (`rel`, `rel!hint`), with PostgREST's PGRST200/PGRST201 errors.
import { ApiError } from '../errors/api-error.ts';
import type { Relationship } from '../schema/relationship-types.ts';
import { qualifiedKey, type SchemaCache } from '../schema/types.ts';
import { closestName } from './resolve.ts';

const singleColumn = (rel: Relationship, side: 0 | 1): string | null => (rel.kind === 'foreign-key' && rel.columns.length === 1 ? rel.columns[0]![side] : null);

/** Whether `rel` is what `target` (with an optional `hint`) names, following PostgREST's findRel. */
function matches(rel: Relationship, target: string, hint: string | null): boolean {
  if (rel.kind === 'computed') return rel.function.name === target;
  const toTarget = rel.foreignTable.name === target;
  if (rel.kind === 'foreign-key' && rel.isSelf) {
    if (hint === null) {
      // children:tree(*) is the one-to-many; parent_id(*) (the FK column) is the many-to-one.
      return (toTarget && rel.cardinality === 'one-to-many') || (singleColumn(rel, 0) === target && rel.cardinality === 'many-to-one');
    }
    return (
      (toTarget && rel.cardinality === 'one-to-many' && singleColumn(rel, 1) === hint) ||
      (toTarget && rel.constraint === hint && rel.cardinality === 'many-to-one')
    );
  }
  if (hint === null) {
    if (toTarget) return true;
    if (rel.kind !== 'foreign-key' || rel.foreignTableIsView) return false;
    return rel.constraint === target || singleColumn(rel, 0) === target;
  }
  if (!toTarget) return false;
  if (rel.kind === 'many-to-many') return rel.junction.table.name === hint;
  return rel.constraint === hint || singleColumn(rel, 0) === hint || singleColumn(rel, 1) === hint;
}

export function findRelationship(cache: SchemaCache, schema: string, origin: string, target: string, hint: string | null): Relationship {
  const all = cache.relationships.get(qualifiedKey(schema, origin)) ?? [];
  const found = all.filter((rel) => matches(rel, target, hint));
  if (found.length === 1) return found[0]!;
  if (found.length === 0) {
    throw new ApiError('PGRST200', {
      message: `Could not find a relationship between '${origin}' and '${target}' in the schema cache`,
      details: `Searched for a foreign key relationship between '${origin}' and '${target}'${hint === null ? '' : ` using the hint '${hint}'`} in the schema '${schema}', but no matches were found.`,
      hint: noRelationshipHint(cache, schema, origin, target),
    });
  }
  throw new ApiError('PGRST201', {
    message: `Could not embed because more than one relationship was found for '${origin}' and '${target}'`,
    details: found.map(describe),
    hint: `Try changing '${target}' to one of the following: ${found.map((r) => `'${r.foreignTable.name}!${hintName(r)}'`).join(', ')}. Find the desired relationship in the 'details' key.`,
  });
}

function hintName(rel: Relationship): string {
  if (rel.kind === 'many-to-many') return rel.junction.table.name;
  if (rel.kind === 'foreign-key') return rel.constraint;
  return rel.function.name;
}

const list = (cols: string[]) => `(${cols.join(', ')})`;

/** One candidate in PGRST201's details, as PostgREST prints it. */
function describe(rel: Relationship): Record<string, string> {
  const embedding = `${rel.table.name} with ${rel.foreignTable.name}`;
  if (rel.kind === 'many-to-many') {
    const j = rel.junction;
    return {
      cardinality: 'many-to-many',
      embedding,
      relationship: `${j.table.name} using ${j.constraint1}${list(j.sourceColumns.map(([c]) => c))} and ${j.constraint2}${list(j.targetColumns.map(([c]) => c))}`,
    };
  }
  if (rel.kind === 'computed') return { cardinality: rel.toOne ? 'one-to-one' : 'one-to-many', embedding, relationship: rel.function.name };
  return {
    cardinality: rel.cardinality,
    embedding,
    relationship: `${rel.constraint} using ${rel.table.name}${list(rel.columns.map(([c]) => c))} and ${rel.foreignTable.name}${list(rel.columns.map(([, c]) => c))}`,
  };
}

/** "Perhaps you meant …": a close origin name when the origin has no relationships, else a close target. */
function noRelationshipHint(cache: SchemaCache, schema: string, origin: string, target: string): string | null {
  const rels = cache.relationships.get(qualifiedKey(schema, origin));
  if (!rels) {
    const origins = [...cache.relationships.values()].flatMap((r) => (r[0] && r[0].table.schema === schema ? [r[0].table.name] : []));
    const close = closestName(origin, origins);
    return close === null ? null : `Perhaps you meant '${close}' instead of '${origin}'.`;
  }
  const targets = rels.map((r) => r.foreignTable.name);
  if (targets.includes(target)) return null;
  const close = closestName(target, targets);
  return close === null ? null : `Perhaps you meant '${close}' instead of '${target}'.`;
}
