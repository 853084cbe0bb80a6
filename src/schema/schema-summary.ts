// What the ready line says of a schema cache (server workers send it to the main thread, which builds no cache of its own).
import type { SchemaCache } from './types.ts';

export interface SchemaSummary {
  relations: number;
  functions: number;
}

export const summarizeSchema = (cache: SchemaCache): SchemaSummary => ({
  relations: cache.tables.size,
  functions: [...cache.routines.values()].reduce((n, overloads) => n + overloads.length, 0),
});
