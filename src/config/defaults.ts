// Named defaults for every setting, so tests and docs refer to one value.
import os from 'node:os';

/** server-workers: at most this many HTTP worker threads. */
export const MAX_SERVER_WORKERS = 64;

export const DEFAULTS = {
  dbSchemas: ['public'],
  dbAnonRole: 'anonymous',
  dbAuthenticatedRole: 'authenticated',
  dbPool: 10,
  dbPoolAcquisitionTimeoutSeconds: 10,
  dbPoolMaxLifetimeSeconds: 1800,
  dbPoolMaxIdletimeSeconds: 30,
  dbPreparedStatements: true,
  dbHoistedTxSettings: ['statement_timeout', 'plan_filter.statement_cost_limit', 'default_transaction_isolation'],
  dbMaxRows: null as number | null,
  dbTxEnd: 'commit' as const,
  dbExtraSearchPath: ['public'],
  dbAggregatesEnabled: false,
  dbExecutor: 'pipeline' as const,
  dbReplicaMaxLagSeconds: 10,
  /** How often each read replica is checked (recovery state and lag). */
  replicaCheckIntervalMs: 1_000,
  serverHost: '127.0.0.1',
  serverPort: 3000,
  serverMaxBodyBytes: 10 * 1024 * 1024,
  jwtLeewaySeconds: 30,
  jwtCacheMaxEntries: 10_000,
  /** Bytes the verified-token cache may hold (tokens + payloads); ~10,000 typical 1 KB tokens. */
  jwtCacheMaxBytes: 32 * 1024 * 1024,
  jwksCacheMaxAgeSeconds: 600,
  jwksCooldownSeconds: 30,
  jwksTimeoutMs: 5_000,
  jwtMaxTokenBytes: 16 * 1024,
  connectRetryMaxSeconds: 32,
  /** PostgREST's default: start-up/recovery messages and 5xx requests only. */
  logLevel: 'error' as const,
  logFormat: 'text' as const,
  logSlowRequestMs: 1_000,
  dbChannel: 'pgrst',
  /** SIGTERM/SIGINT: longest wait for in-flight requests before closing anyway. */
  shutdownDrainSeconds: 10,
  /** /ready: how often the database is probed, and how long a probe may take before it counts as failed. */
  readinessProbeIntervalMs: 1_000,
  readinessProbeTimeoutMs: 2_000,
  serverEngine: 'auto' as const,
  /** Supabase's and Neon's clients call <url>/rest/v1/…; the API answers there as well as at /. */
  serverPathPrefix: '/rest/v1',
  serverUnixSocketMode: 0o660,
  /** One HTTP worker thread per core this process may use (1 = no worker threads). */
  serverWorkers: Math.min(MAX_SERVER_WORKERS, Math.max(1, os.availableParallelism())),
  /** Server workers: how long they get to close their sockets before the process exits 1 (a worker crashed, or a second SIGTERM). */
  workerCloseNowMs: 2_000,
} as const;
