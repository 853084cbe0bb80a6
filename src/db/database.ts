// Opens the database: the request executor plus the admin capabilities (catalog queries, NOTIFY, SQL files).
import type { CatalogQuery } from '../schema/introspect.ts';
import type { Executor } from './executor.ts';
import { createPostgresExecutor } from './postgres-executor.ts';
import { createPool, translateDriverError } from './postgres-js.ts';

export interface Database {
  executor: Executor;
  /** Parameterised queries for start-up work (introspection, checks). */
  query: CatalogQuery;
  /** Runs a trusted SQL script (files from sql/) as a simple query. */
  runScript(text: string): Promise<void>;
  /** LISTEN on a channel; returns an unlisten function. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export function openDatabase(uri: string, options: { pool: number }): Database {
  const sql = createPool(uri, { max: options.pool });
  const executor = createPostgresExecutor(sql);
  return {
    executor,
    async query(text, values = []) {
      try {
        return [...(await sql.unsafe(text, values as never[]))] as Array<Record<string, unknown>>;
      } catch (error) {
        throw translateDriverError(error);
      }
    },
    async runScript(text) {
      try {
        await sql.unsafe(text).simple();
      } catch (error) {
        throw translateDriverError(error);
      }
    },
    async listen(channel, onMessage) {
      const subscription = await sql.listen(channel, onMessage);
      return () => subscription.unlisten();
    },
    async close() {
      await executor.close();
    },
  };
}
