// Prometheus metrics (prom-client's only importer folder): requests (or server workers' summed), latency, pool, schema cache loads, JWKS fetches, token cache.
import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolStats } from '../db/executor.ts';
import type { RoutingStats } from '../db/read-router.ts';
import { registerRoutingMetrics } from './routing-metrics.ts';
import { RequestMetrics } from './request-metrics.ts';
import type { WorkerRequestMetricsJson } from './worker-request-metrics.ts';

/** Where gauges read their values at scrape time (nothing is polled between scrapes). */
export interface MetricSources {
  poolStats(): PoolStats | undefined;
  tokenCacheEntries(): number | undefined;
  ready(): boolean;
  /** Read replica routing; undefined without db-replica-uri. */
  routing?(): RoutingStats | undefined;
  /** Server workers: run before each scrape to gather what the workers hold (the sources above then read it). */
  gather?(): Promise<void>;
  /** Server workers: each worker's request metrics, summed into ours in place of a counter of our own. */
  workerRequestMetrics?(): WorkerRequestMetricsJson[];
}

export class ApiMetrics {
  readonly registry = new Registry();
  readonly #requests = new RequestMetrics();
  readonly #schemaLoads: Counter<'status'>;
  readonly #schemaLoadSeconds: Gauge;
  readonly #schemaLoadDurations: Histogram<'status'>;
  readonly #jwksFetches: Counter<'status'>;
  readonly #sources: MetricSources;
  /** Server workers: their request metrics summed, at the last scrape. */
  #workersSummed: Registry | null = null;

  constructor(sources: MetricSources) {
    this.#sources = sources;
    const registers = [this.registry];
    // The per-request metrics are ours (see request-metrics.ts); prom-client renders them with the rest.
    for (const own of [this.#requests.requests, this.#requests.latency]) {
      if (!sources.workerRequestMetrics) this.registry.registerMetric(own as never);
      else {
        const { name, help, type } = own;
        const summed = { name, help, type, aggregator: 'sum' as const };
        this.registry.registerMetric({
          ...summed,
          get: async () => (await this.#workersSummed?.getSingleMetric(name)?.get()) ?? { ...summed, values: [] },
        } as never);
      }
    }
    this.#schemaLoads = new Counter({
      name: 'pgrst_schema_cache_loads_total',
      help: 'Schema cache loads, by status (SUCCESS | FAIL)',
      labelNames: ['status'],
      registers,
    });
    this.#schemaLoadSeconds = new Gauge({
      name: 'pgrst_schema_cache_query_time_seconds',
      help: 'Duration of the last schema cache load in seconds',
      registers,
    });
    // Loads are rare (start-up, reloads), so prom-client's own histogram is cheap enough here.
    this.#schemaLoadDurations = new Histogram({
      name: 'pgrst_schema_cache_load_duration_seconds',
      help: 'Duration of schema cache loads, by status (SUCCESS | FAIL)',
      labelNames: ['status'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.#jwksFetches = new Counter({
      name: 'pgrst_jwks_fetches_total',
      help: 'JWKS fetches from --jwks-url endpoints, by status (SUCCESS | FAIL)',
      labelNames: ['status'],
      registers,
    });
    const pool = (name: string, help: string, read: (s: PoolStats) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const stats = sources.poolStats();
          if (stats) this.set(read(stats));
        },
      });
    pool('pgrst_db_pool_max', 'Maximum connections of the request pool (db-pool)', (s) => s.max);
    pool('pgrst_db_pool_open', 'Connections of the request pool that are open', (s) => s.open);
    pool('pgrst_db_pool_in_use', 'Open connections running at least one request', (s) => s.busy);
    pool('pgrst_db_pool_available', 'Connections a new request could use now without waiting (max - in use)', (s) => s.max - s.busy);
    pool('pgrst_db_pool_waiting', 'Requests waiting for a pool connection', (s) => s.waiting);
    new Counter({
      name: 'pgrst_db_pool_timeouts_total',
      help: 'Requests that gave up waiting for a pool connection (504 PGRST003)',
      registers,
      collect() {
        const stats = sources.poolStats();
        if (stats) {
          this.reset();
          this.inc(stats.acquisitionTimeouts);
        }
      },
    });
    new Gauge({
      name: 'pgrst_jwt_cache_entries',
      help: 'Verified tokens held in the token cache',
      registers,
      collect() {
        const entries = sources.tokenCacheEntries();
        if (entries !== undefined) this.set(entries);
      },
    });
    registerRoutingMetrics(() => sources.routing?.(), registers);
    new Gauge({
      name: 'pgrst_ready',
      help: '1 while /ready answers 200 (database reachable, schema cache loaded), else 0',
      registers,
      collect() {
        this.set(sources.ready() ? 1 : 0);
      },
    });
  }

  /** Process metrics (CPU, memory, event loop lag, GC): only when the admin server serves them. */
  collectProcessMetrics(): void {
    collectDefaultMetrics({ register: this.registry });
  }

  recordRequest(method: string, status: number, seconds: number): void {
    this.#requests.record(method, status, seconds);
  }

  recordSchemaLoad(ok: boolean, seconds: number): void {
    const status = ok ? 'SUCCESS' : 'FAIL';
    this.#schemaLoads.inc({ status });
    this.#schemaLoadDurations.observe({ status }, seconds);
    if (ok) this.#schemaLoadSeconds.set(seconds);
  }

  recordJwksFetch(ok: boolean): void {
    this.#jwksFetches.inc({ status: ok ? 'SUCCESS' : 'FAIL' });
  }

  /** A fetch for the authenticator's JWKS loads that counts each fetch and whether it succeeded (HTTP 2xx). */
  countingFetch(inner: typeof fetch = fetch): (url: string, init: RequestInit) => Promise<Response> {
    return async (url, init) => {
      try {
        const response = await inner(url, init);
        this.recordJwksFetch(response.ok);
        return response;
      } catch (error) {
        this.recordJwksFetch(false);
        throw error;
      }
    };
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  async text(): Promise<string> {
    await this.#sources.gather?.();
    if (this.#sources.workerRequestMetrics) this.#workersSummed = AggregatorRegistry.aggregate(this.#sources.workerRequestMetrics() as never);
    return this.registry.metrics();
  }
}
