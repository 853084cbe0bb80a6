// --db-pre-request: `SELECT "schema"."fn"()` run after the settings and before the main statement of every request.
import { ConfigError } from '../config/config-error.ts';
import { qualified, sql, toStatement, type Statement } from './fragment.ts';
import { functionNameProblem, splitFunctionName } from '../config/function-name.ts';

/** `schema.fn` or `fn` (then the default schema). Names are taken literally, never split further. */
export function parsePreRequestName(text: string, defaultSchema: string): { schema: string; name: string } {
  const parts = splitFunctionName(text);
  if (parts === null) throw new ConfigError('--db-pre-request', functionNameProblem(text));
  return { schema: parts.schema ?? defaultSchema, name: parts.name };
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
