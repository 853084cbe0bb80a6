// The postgres.js connection pool and its translation of driver errors into DatabaseError.
import postgres from 'postgres';
import { DatabaseError, DatabaseUnavailableError } from '../errors/database-error.ts';
import { connectionTarget, withoutTargetParams } from './connection-target.ts';
import { CONFORMING_STRINGS, isNonConforming, nonConformingMessage, STARTUP_SETTINGS } from './conforming-strings.ts';

export type Sql = postgres.Sql<Record<string, never>>;

export interface PoolOptions {
  max: number;
  applicationName?: string;
  /** false: unnamed statements only (transaction poolers). Default true. */
  prepare?: boolean;
  /** Seconds; defaults 30 and 1800 as PostgREST's db-pool-max-idletime and db-pool-max-lifetime. */
  idleTimeoutSeconds?: number;
  maxLifetimeSeconds?: number;
  /** Called when one of the pool's connections closes. */
  onclose?: () => void;
}

export function createPool(uri: string, options: PoolOptions): Sql {
  const target = connectionTarget(uri);
  const sql = postgres(withoutTargetParams(uri), {
    host: target.host,
    port: target.port,
    // A Unix socket carries no TLS (libpq ignores sslmode there; the server would refuse it).
    ...(target.socketPath ? { path: target.socketPath, ssl: false } : {}),
    max: options.max,
    prepare: options.prepare ?? true,
    fetch_types: false,
    idle_timeout: options.idleTimeoutSeconds ?? 30,
    max_lifetime: options.maxLifetimeSeconds ?? 1800,
    onclose: options.onclose,
    connect_timeout: 10,
    onnotice: () => {},
    // Throwing fails the query in flight on the connection that reported it; assertConforming refuses the rest.
    onparameter: (name, value) => {
      if (isNonConforming(name, value)) throw new DatabaseUnavailableError(nonConformingMessage(value));
    },
    connection: { application_name: options.applicationName ?? 'pg-data-api', ...STARTUP_SETTINGS },
  });
  passStringsThrough(sql);
  return sql;
}

/**
 * Every value we bind is already the text Postgres should parse (or null). postgres.js would
 * otherwise re-serialize by the inferred parameter type: JSON.stringify a jsonb string (double
 * encoding), turn the string 'true' into 'f' for booleans, reparse dates. Strings must pass untouched.
 */
function passStringsThrough(sql: Sql): void {
  const serializers = (sql.options as unknown as { serializers: Record<string, (x: unknown) => unknown> }).serializers;
  for (const [oid, serialize] of Object.entries(serializers)) {
    serializers[oid] = (value) => (typeof value === 'string' ? value : serialize(value));
  }
}

/**
 * Refuses to use a pool whose server reported standard_conforming_strings other than on (the last value any
 * of its connections reported: postgres.js keeps one parameter map per pool). Call once a connection is up.
 */
export function assertConforming(sql: Sql): void {
  const value = sql.parameters[CONFORMING_STRINGS] as string | undefined;
  if (value !== undefined && value !== 'on') throw new DatabaseUnavailableError(nonConformingMessage(value));
}

/** SQLSTATE errors keep their fields; connection failures mean the database is unreachable; bugs pass through. */
export function translateDriverError(error: unknown): Error {
  if (error instanceof postgres.PostgresError && /^(57P0[123]|08)/.test(error.code)) {
    // Shutdown, crash or connection failure: the request did not run; answer 503 like a refused connection.
    return new DatabaseUnavailableError(error.message);
  }
  if (error instanceof postgres.PostgresError) {
    return new DatabaseError(error.code, error.message, error.detail ?? null, error.hint ?? null, error.constraint_name ?? null);
  }
  if (error instanceof DatabaseError || error instanceof DatabaseUnavailableError) return error;
  // Connection failures carry a code (ECONNREFUSED, CONNECTION_CLOSED, CONNECT_TIMEOUT …): 503.
  // Anything else is a bug (TypeError …) and must surface as one: app.ts logs it and answers 500.
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') return new DatabaseUnavailableError(error.message);
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * postgres.js 3.4.9's known crash (porsager/postgres#1208): when a backend dies during `sql.begin()` (terminated,
 * a restart, a replica stopping), the ROLLBACK postgres.js then sends itself is written from a setImmediate to the
 * socket it has already set to null, and throws there, outside any promise. The connection is gone and every query
 * on it has already failed; nothing else is affected, so the process need not stop for it.
 */
export function isPostgresJsWriteAfterClose(error: unknown): boolean {
  return error instanceof TypeError && error.message === "Cannot read properties of null (reading 'write')" && /\bnextWrite\b/.test(error.stack ?? '');
}
