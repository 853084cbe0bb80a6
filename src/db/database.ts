// Opens the database: the request executor plus the admin capabilities (catalog queries, NOTIFY, SQL files).
import type { CatalogQuery } from '../schema/introspect.ts';
import type { Executor } from './executor.ts';
import { createPostgresExecutor } from './postgres-executor.ts';
import { createPipelineExecutor } from './pipeline/pipeline-executor.ts';
import { createPool, translateDriverError } from './postgres-js.ts';

export type ExecutorKind = 'pipeline' | 'postgres';

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

/** `executor` picks the request path; postgres.js always serves the admin capabilities. */
export function openDatabase(uri: string, options: { pool: number; executor?: ExecutorKind }): Database {
  const usePipeline = options.executor === 'pipeline';
  const sql = createPool(uri, { max: usePipeline ? Math.min(options.pool, 2) : options.pool });
  const executor = usePipeline ? createPipelineExecutor(uri, { maxConnections: options.pool }) : createPostgresExecutor(sql);
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
      if (usePipeline) await sql.end({ timeout: 5 });
    },
  };
}
