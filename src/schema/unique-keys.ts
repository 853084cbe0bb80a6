// The column sets a relation's rows are unique on: primary key, unique constraints and plain unique indexes (for cardinality).
import type { PgClass } from 'pg-introspection';

/** Unique indexes with a predicate or expressions do not make a column set unique, so they are left out. */
export function uniqueKeysOf(cls: PgClass): string[][] {
  const keys = cls
    .getConstraints()
    .filter((c) => c.contype === 'u' || c.contype === 'p')
    .map((c) => (c.getAttributes() ?? []).map((a) => a.attname));
  for (const index of cls.getIndexes()) {
    if (!index.indisunique || index.indpred || index.indexprs) continue;
    const names = index.getKeys().map((a) => a?.attname);
    if (names.every((n): n is string => typeof n === 'string') && !keys.some((k) => k.join() === names.join())) keys.push(names);
  }
  return keys;
}
