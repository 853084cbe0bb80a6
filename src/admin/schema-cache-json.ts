// GET /schema_cache: the loaded SchemaCache as JSON (maps become objects keyed `schema.name`), like PostgREST's endpoint.
import type { SchemaCache } from '../schema/types.ts';

export function schemaCacheJson(cache: SchemaCache): string {
  const routines = [...cache.routines.values()].flat();
  return JSON.stringify(
    {
      schemas: cache.schemas,
      serverVersion: cache.serverVersion,
      tables: [...cache.tables.values()],
      foreignKeys: cache.foreignKeys,
      relationships: Object.fromEntries([...cache.relationships].map(([key, list]) => [key.replace('\u0000', '.'), list])),
      routines,
    },
    (key, value: unknown) => {
      if (key === 'columnsByName') return undefined; // The same columns as `columns`, by name.
      if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k).replace('\u0000', '.'), v]));
      if (value instanceof Set) return [...value];
      return value;
    },
  );
}
