// --db-pre-request: `SELECT "schema"."fn"()` run after the settings and before the main statement of every request.
import { ConfigError } from '../config/config-error.ts';
import { qualified, sql, toStatement, type Statement } from './fragment.ts';

/** `schema.fn` or `fn` (then the default schema). Names are taken literally, never split further. */
export function parsePreRequestName(text: string, defaultSchema: string): { schema: string; name: string } {
  const parts = text.trim().split('.');
  if (parts.length > 2 || parts.some((p) => p.trim() === '')) {
    throw new ConfigError('--db-pre-request', `expected a function name or schema.function, got "${text}"`);
  }
  return parts.length === 2 ? { schema: parts[0]!.trim(), name: parts[1]!.trim() } : { schema: defaultSchema, name: parts[0]!.trim() };
}

const cache = new Map<string, Statement>();

export function buildPreRequestStatement(text: string, defaultSchema: string): Statement {
  const key = `${defaultSchema}\u0000${text}`;
  let statement = cache.get(key);
  if (statement === undefined) {
    const { schema, name } = parsePreRequestName(text, defaultSchema);
    statement = toStatement(sql`SELECT ${qualified(schema, name)}()`);
    cache.set(key, statement);
  }
  return statement;
}
