// Opens the database: the request executor plus the admin capabilities (catalog queries, NOTIFY, SQL files).
import type { Config } from '../config/config.ts';
import type { CatalogQuery } from '../schema/introspect.ts';
import type { Executor } from './executor.ts';
import type { RoutingStats } from './read-router.ts';
import { createPostgresExecutor, type PostgresExecutor } from './postgres-executor.ts';
import { createPipelineExecutor, POOL_DEFAULTS } from './pipeline/pipeline-executor.ts';
import { assertConforming, createPool, translateDriverError } from './postgres-js.ts';

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
  /** With read replicas (db/replicas.ts): where requests ran, fallbacks, each replica's health. */
  routing?: () => RoutingStats;
}

export interface DatabaseOptions {
  /** db-pool: connections for requests at most. */
  pool: number;
  executor?: ExecutorKind;
  /** db-pool-acquisition-timeout, db-pool-max-lifetime, db-pool-max-idletime (seconds; PostgREST's defaults). */
  acquisitionTimeoutSeconds?: number;
  maxLifetimeSeconds?: number;
  maxIdleSeconds?: number;
  /** db-prepared-statements: false for transaction poolers (unnamed statements only). */
  preparedStatements?: boolean;
  /** application_name of every connection unless the URI sets one (default pg-data-api; server workers add their number). */
  applicationName?: string;
}

/** The database settings of a Config. */
export function databaseOptions(config: Config): DatabaseOptions {
  return {
    pool: config.dbPool,
    executor: config.dbExecutor,
    acquisitionTimeoutSeconds: config.dbPoolAcquisitionTimeout,
    maxLifetimeSeconds: config.dbPoolMaxLifetime,
    maxIdleSeconds: config.dbPoolMaxIdletime,
    preparedStatements: config.dbPreparedStatements,
  };
}

/** `executor` picks the request path; postgres.js always serves the admin capabilities. */
export function openDatabase(uri: string, options: DatabaseOptions): Database {
  const usePipeline = options.executor === 'pipeline';
  const pool = {
    acquisitionTimeoutSeconds: options.acquisitionTimeoutSeconds ?? POOL_DEFAULTS.acquisitionTimeoutSeconds,
    maxLifetimeSeconds: options.maxLifetimeSeconds ?? POOL_DEFAULTS.maxLifetimeSeconds,
    maxIdleSeconds: options.maxIdleSeconds ?? POOL_DEFAULTS.maxIdleSeconds,
    preparedStatements: options.preparedStatements ?? true,
  };
  let postgresExecutor: PostgresExecutor | null = null;
  const sql = createPool(uri, {
    max: usePipeline ? Math.min(options.pool, 2) : options.pool,
    prepare: pool.preparedStatements,
    idleTimeoutSeconds: pool.maxIdleSeconds,
    maxLifetimeSeconds: pool.maxLifetimeSeconds,
    onclose: () => postgresExecutor?.connectionClosed(),
    applicationName: options.applicationName,
  });
  const executor: Executor = usePipeline
    ? createPipelineExecutor(uri, { maxConnections: options.pool, ...pool, applicationName: options.applicationName })
    : (postgresExecutor = createPostgresExecutor(sql, {
        max: options.pool,
        acquisitionTimeoutMs: pool.acquisitionTimeoutSeconds * 1000,
        preparedStatements: pool.preparedStatements,
      }));
  return {
    executor,
    async query(text, values = []) {
      try {
        const rows = [...(await sql.unsafe(text, values as never[]))] as Array<Record<string, unknown>>;
        assertConforming(sql);
        return rows;
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
      assertConforming(sql);
      return () => subscription.unlisten();
    },
    async close() {
      await executor.close();
      if (usePipeline) await sql.end({ timeout: 5 });
    },
  };
}
