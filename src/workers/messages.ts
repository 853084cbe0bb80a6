// What the main thread and its server workers tell each other (plain data: everything here crosses threads by structured clone).
import type { WorkerRequestMetricsJson } from '../admin/worker-request-metrics.ts';
import type { JsonWebKeySet } from '../auth/key-source.ts';
import type { KeySetSnapshot } from '../auth/shared-key-source.ts';
import type { Config } from '../config/config.ts';
import type { PoolStats } from '../db/executor.ts';
import type { RoutingStats } from '../db/read-router.ts';
import type { CatalogSnapshot } from '../schema/introspect.ts';
import type { SchemaSummary } from '../schema/schema-summary.ts';

/** A worker's workerData: all it needs but the schema catalog (its first `catalog` message), as the main thread checked it. */
export interface WorkerInit {
  /** 1-based, in logs and in the connections' application_name. */
  index: number;
  count: number;
  config: Config;
  /** The primary's URI (the embedded one in demo mode). */
  uri: string;
  /** This worker's share of db-pool: ceil(db-pool / workers). */
  pool: number;
  /** The port the main thread probed (a free one when server-port is 0). */
  port: number;
  /** In-memory key sets trusted alongside --jwks-url (the demo's development key). */
  keySets: JsonWebKeySet[];
  /** The main thread's --jwks-url sets as they are now. */
  remoteKeySets: KeySetSnapshot[];
  /** An admin server shows metrics: count requests. */
  countRequests: boolean;
}

export interface CatalogMessage {
  snapshot: CatalogSnapshot;
  schemas: readonly string[];
}

/** Everything a worker sends to /metrics, summed over workers by the main thread. */
export interface WorkerReport {
  requests: WorkerRequestMetricsJson | null;
  pool: PoolStats | undefined;
  tokenCacheEntries: number | undefined;
  routing: RoutingStats | undefined;
}

export type ToWorker =
  /** Answered with `applied` once the worker serves with it. */
  | ({ type: 'catalog'; id: number } & CatalogMessage)
  | { type: 'config'; id: number; config: Config }
  | { type: 'key-set'; snapshot: KeySetSnapshot; replyTo?: number }
  | { type: 'report'; id: number }
  /** Answered with the worker's schema cache as /schema_cache shows it (the main thread holds none). */
  | { type: 'schema-cache'; id: number }
  /** Stop accepting, let requests in flight finish (up to timeoutMs), close the pool, exit. */
  | { type: 'drain'; timeoutMs: number }
  /** Close the listener and every connection now (another worker crashed, or a second SIGTERM), exit. */
  | { type: 'close-now' };

export type FromWorker =
  /** Serving, with the cache built from the first catalog. */
  | { type: 'listening'; port: number; engine: string; schema: SchemaSummary }
  /** An unknown kid or a stale set: load the set again if the cooldown allows; answered with a key-set message (replyTo: id). */
  | { type: 'refresh-key-set'; id: number; url: string }
  | { type: 'report'; id: number; report: WorkerReport }
  | { type: 'applied'; id: number }
  | { type: 'schema-cache'; id: number; json: string }
  /** The worker could not start or crashed: the whole process stops (no silent half-server). */
  | { type: 'fatal'; message: string };
