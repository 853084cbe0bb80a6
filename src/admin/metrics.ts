// Prometheus metrics (prom-client's only importer): requests, latency, pool, schema cache loads, JWKS fetches, token cache.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolStats } from '../db/executor.ts';

/** Where gauges read their values at scrape time (nothing is polled between scrapes). */
export interface MetricSources {
  poolStats(): PoolStats | undefined;
  tokenCacheEntries(): number | undefined;
  ready(): boolean;
}

/** Latency buckets in seconds: sub-millisecond reads up to the 10 s a slow RPC may take. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Methods get their own label value; anything else is OTHER, so clients cannot grow the series count. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS']);

type RequestCounter = Counter<'method' | 'status'>;
type LatencyHistogram = Histogram<'method'>;

export class ApiMetrics {
  readonly registry = new Registry();
  readonly #requests: RequestCounter;
  readonly #latency: LatencyHistogram;
  // Label children cached per value: prom-client hashes label objects on every call otherwise.
  readonly #requestChildren = new Map<string, { inc(): void }>();
  readonly #latencyChildren = new Map<string, { observe(value: number): void }>();
  readonly #schemaLoads: Counter<'status'>;
  readonly #schemaLoadSeconds: Gauge;
  readonly #jwksFetches: Counter<'status'>;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    this.#requests = new Counter({ name: 'pgrst_http_requests_total', help: 'HTTP requests answered, by method and status', labelNames: ['method', 'status'], registers });
    this.#latency = new Histogram({ name: 'pgrst_http_request_duration_seconds', help: 'Time from a request reaching the API to its response being ready, by method', labelNames: ['method'], buckets: LATENCY_BUCKETS, registers });
    this.#schemaLoads = new Counter({ name: 'pgrst_schema_cache_loads_total', help: 'Schema cache loads, by status (SUCCESS | FAIL)', labelNames: ['status'], registers });
    this.#schemaLoadSeconds = new Gauge({ name: 'pgrst_schema_cache_query_time_seconds', help: 'Duration of the last schema cache load in seconds', registers });
    this.#jwksFetches = new Counter({ name: 'pgrst_jwks_fetches_total', help: 'JWKS fetches from --jwks-url endpoints, by status (SUCCESS | FAIL)', labelNames: ['status'], registers });
    const pool = (name: string, help: string, read: (s: PoolStats) => number) => new Gauge({
      name, help, registers,
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
      name: 'pgrst_db_pool_timeouts_total', help: 'Requests that gave up waiting for a pool connection (504 PGRST003)', registers,
      collect() {
        const stats = sources.poolStats();
        if (stats) { this.reset(); this.inc(stats.acquisitionTimeouts); }
      },
    });
    new Gauge({
      name: 'pgrst_jwt_cache_entries', help: 'Verified tokens held in the token cache', registers,
      collect() {
        const entries = sources.tokenCacheEntries();
        if (entries !== undefined) this.set(entries);
      },
    });
    new Gauge({ name: 'pgrst_ready', help: '1 while /ready answers 200 (database reachable, schema cache loaded), else 0', registers, collect() { this.set(sources.ready() ? 1 : 0); } });
  }

  /** Process metrics (CPU, memory, event loop lag, GC): only when the admin server serves them. */
  collectProcessMetrics(): void {
    collectDefaultMetrics({ register: this.registry });
  }

  recordRequest(method: string, status: number, seconds: number): void {
    const label = METHODS.has(method) ? method : 'OTHER';
    const key = `${label} ${status}`;
    let counter = this.#requestChildren.get(key);
    if (!counter) this.#requestChildren.set(key, (counter = this.#requests.labels(label, String(status))));
    counter.inc();
    let histogram = this.#latencyChildren.get(label);
    if (!histogram) this.#latencyChildren.set(label, (histogram = this.#latency.labels(label)));
    histogram.observe(seconds);
  }

  recordSchemaLoad(ok: boolean, seconds: number): void {
    this.#schemaLoads.inc({ status: ok ? 'SUCCESS' : 'FAIL' });
    if (ok) this.#schemaLoadSeconds.set(seconds);
  }

  recordJwksFetch(ok: boolean): void {
    this.#jwksFetches.inc({ status: ok ? 'SUCCESS' : 'FAIL' });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
