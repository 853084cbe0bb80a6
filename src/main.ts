// Entry point: config → database (embedded or given) → checks → schema cache → auth → servers; signals, reloads, graceful shutdown.
import { handle } from './app.ts';
import { startAdminServer } from './admin/admin-server.ts';
import { ApiMetrics } from './admin/metrics.ts';
import { schemaCacheJson } from './admin/schema-cache-json.ts';
import { observeRequests } from './admin/observe-requests.ts';
import { Readiness } from './admin/readiness.ts';
import { createAuthenticator } from './auth/create-authenticator.ts';
import { ConfigError, DEFAULTS, loadConfig, type Config } from './config/config.ts';
import { helpText } from './config/help.ts';
import { databaseOptions, openDatabase, type Database } from './db/database.ts';
import { withReadReplicas } from './db/replicas.ts';
import { selectEngine, type Engine } from './http/engine.ts';
import { frontDoor } from './http/front-door.ts';
import { startServer } from './http/server.ts';
import { createLogger, type Logger } from './log.ts';
import { HEALTH_CHECK_STATEMENT } from './query/health-check.ts';
import { connectWithRetry } from './setup/connect-with-retry.ts';
import { loadConfigWithDatabase } from './setup/db-config.ts';
import { startDemo, type DemoMode } from './setup/demo-mode.ts';
import { installOrExplain } from './setup/install-or-explain.ts';
import { limitHeapGrowth } from './setup/heap-growth.ts';
import { Lifecycle } from './setup/lifecycle.ts';
import { Runtime } from './setup/runtime.ts';
import { watchNotifications } from './setup/schema-reload.ts';
import { installSignals } from './setup/signals.ts';
import { outlivesUncaught } from './setup/known-driver-bug.ts';
import { checkExposedSchemas, checkRequestRoles } from './setup/startup-checks.ts';
import { StartupError } from './setup/startup-error.ts';
import { summarizeSchema, type SchemaSummary } from './schema/schema-summary.ts';
import type { SchemaCache } from './schema/types.ts';
import { VERSION } from './version.ts';
import { KeySetHub } from './workers/key-set-hub.ts';
import type { WorkerReport } from './workers/messages.ts';
import { probePort } from './workers/probe-port.ts';
import { sumPoolStats, sumRouting, sumTokenCacheEntries } from './workers/sum-reports.ts';
import { countWorkers, shareOut } from './workers/worker-count.ts';
import { WorkerPool } from './workers/worker-pool.ts';

const argv = process.argv.slice(2);

async function main(): Promise<void> {
  // Before anything awaits: a SIGUSR1 must never reach Node's default handler (the inspector).
  let log: Logger = createLogger({ level: DEFAULTS.logLevel });
  let lifecycle = new Lifecycle(log);
  let workerPool: WorkerPool | null = null;
  const signals = installSignals(
    () => log,
    () => lifecycle.shutdown(),
    () => exitAfterClosing(workerPool),
  );
  process.on('uncaughtException', (error) => {
    if (outlivesUncaught(error, log)) return;
    // As Node does without this listener: the stack, exit code 1 (server workers close their listeners first).
    process.stderr.write(`${error.stack ?? String(error)}\n`);
    exitAfterClosing(workerPool);
  });

  const loaded = loadConfig(argv, process.env);
  if (loaded.help) return void process.stdout.write(helpText(VERSION) + '\n');
  if (loaded.version) return void process.stdout.write(`pg-data-api ${VERSION}\n`);
  let config = loaded.config;
  log = createLogger({ level: config.logLevel, format: config.logFormat });
  lifecycle = new Lifecycle(log);
  for (const warning of loaded.warnings) log.notice(warning);
  const engine = announceEngine(config, log);
  const started = Date.now();
  // server-workers > 1: HTTP worker threads serve requests; this thread loads, checks, reloads and watches (src/workers/).
  const { count: workerCount, notice: workerNotice } = countWorkers(config, engine.kind);
  if (workerNotice) log.notice(workerNotice);
  const threaded = workerCount > 1;
  let workerReports: WorkerReport[] = [];

  // Readiness, metrics and the admin server come first, so /live answers while the database is awaited
  // (and /ready says 503); their sources are read lazily from what start-up has opened so far.
  let db: Database | null = null;
  let runtime: Runtime | null = null;
  // The probe goes through the request executor: /ready turns 200 when requests can run again, not before
  // (the executor reconnects with its own backoff).
  const readiness = new Readiness({
    probe: () => db!.executor.run({ readOnly: true, statements: [HEALTH_CHECK_STATEMENT] }),
    log,
    onRecovered: () => void runtime?.reloadSchema('database connection restored'),
  });
  const metrics =
    config.adminServerPort === null
      ? null
      : new ApiMetrics(
          threaded
            ? {
                gather: async () => void (workerReports = (await workerPool?.reports()) ?? []),
                workerRequestMetrics: () => workerReports.flatMap((report) => (report.requests ? [report.requests] : [])),
                poolStats: () => sumPoolStats(workerReports),
                routing: () => sumRouting(workerReports),
                tokenCacheEntries: () => sumTokenCacheEntries(workerReports),
                ready: () => readiness.ready,
              }
            : {
                poolStats: () => db?.executor.stats?.(),
                routing: () => db?.routing?.(),
                tokenCacheEntries: () => runtime?.authenticator.tokenCacheEntries?.(),
                ready: () => readiness.ready,
              },
        );
  let adminNote = '';
  if (metrics) {
    metrics.collectProcessMetrics();
    const host = config.adminServerHost ?? config.serverHost;
    const admin = await startAdminServer(host, config.adminServerPort!, {
      readiness,
      metrics,
      log,
      // With server workers this thread builds no cache: the first worker shows its own.
      schemaCacheJson: () => (workerPool ? workerPool.schemaCacheJson() : runtime?.schemaCache ? schemaCacheJson(runtime.schemaCache) : null),
      config: () => runtime?.config ?? config,
    });
    lifecycle.onShutdown('admin server', () => admin.close());
    adminNote = `; admin server on http://${host}:${admin.port}`;
  }

  let demo: DemoMode | null = null;
  if (config.dbUri === null) {
    demo = await startDemo(config, log);
    lifecycle.onShutdown('embedded PostgreSQL', demo.stop);
  }
  const primaryUri = demo?.uri ?? config.dbUri!;
  // With workers, this thread's executor runs only the readiness probe; the workers have the pools (and the replicas).
  const database = (db = threaded
    ? openDatabase(primaryUri, { ...databaseOptions(config), pool: 1 })
    : withReadReplicas(openDatabase(primaryUri, databaseOptions(config)), primaryUri, config, log));
  lifecycle.onShutdown('database pool', () => database.close());
  await connectWithRetry(database, log);
  if (!demo) await installOrExplain(database, log);
  const reread = () => loadConfigWithDatabase(argv, process.env, database.query);
  if (config.dbConfig) {
    // ALTER ROLE … SET pgrst.* (and db-pre-config) override the file and the environment.
    config = (await reread()).config;
    log.configure({ level: config.logLevel, format: config.logFormat });
  }
  await checkExposedSchemas(database.query, config.dbSchemas);
  await checkRequestRoles(database.query, config);

  // One JWKS loader for every worker; the workers get its key sets and ask it on an unknown kid.
  const keySetHub = threaded ? new KeySetHub() : null;
  const live = (runtime = new Runtime({
    config,
    reread,
    db: database,
    log,
    createAuthenticator: (current: Readonly<Config>) =>
      createAuthenticator(current, {
        log: (level, message) => log[level](`auth: ${message}`),
        ...(demo?.devKeys ? { keySets: [demo.devKeys.keySet] } : {}),
        ...(metrics ? { fetch: metrics.countingFetch() } : {}),
        ...(keySetHub ? { remoteKeySource: keySetHub.createSource } : {}),
      }),
    onSchemaLoad: (ok, seconds) => {
      metrics?.recordSchemaLoad(ok, seconds);
      if (ok) readiness.schemaLoaded();
    },
    ...(threaded
      ? {
          onCatalog: (snapshot, schemas) => workerPool?.sendCatalog({ snapshot, schemas }),
          ownCache: false,
          onConfigReloaded: (next) => workerPool?.sendConfig(next),
        }
      : {}),
  }));
  lifecycle.onShutdown('authenticator', () => live.close());
  // Workers start now and boot while this thread reads the catalog; each listens once it has built its cache from it.
  const workers = threaded ? await startWorkers(workerCount) : null;
  let cache: SchemaCache | null;
  try {
    cache = await live.loadSchema();
  } catch (error) {
    await workers?.pool.closeNow();
    throw error;
  }
  if (config.dbChannelEnabled) {
    const unlisten = await watchNotifications(database, config.dbChannel, {
      reloadSchema: (reason) => void live.reloadSchema(reason),
      reloadConfig: (reason) => void live.reloadConfig(reason),
    });
    lifecycle.onShutdown('LISTEN', unlisten);
  }
  readiness.start();
  lifecycle.onShutdown('readiness probe', () => readiness.stop());

  let server: { port: number; engine: string };
  let schema: SchemaSummary;
  if (workers) {
    const listening = await workers.pool.listening;
    server = { port: workers.port, engine: listening.engine };
    schema = listening.schema;
  } else {
    schema = summarizeSchema(cache!);
    const observed = observeRequests((raw, observer) => handle(raw, live.deps, observer), { config: () => live.config, log, metrics });
    const http = await startServer(
      frontDoor(observed, () => live.config),
      {
        host: config.serverHost,
        port: config.serverPort,
        maxBodyBytes: config.serverMaxBodyBytes,
        engine,
        unixSocket: config.serverUnixSocket,
        unixSocketMode: config.serverUnixSocketMode,
      },
    );
    lifecycle.onShutdown('HTTP server (draining in-flight requests)', () => http.close(DEFAULTS.shutdownDrainSeconds * 1000));
    server = http;
  }

  /** Probes the port exclusively, then starts the workers on it; they must all listen before /ready turns 200. */
  async function startWorkers(count: number): Promise<{ port: number; pool: WorkerPool }> {
    const port = await probePort(config.serverHost, config.serverPort);
    const pool = (workerPool = new WorkerPool({
      count,
      init: {
        config: live.config,
        uri: primaryUri,
        pool: shareOut(config.dbPool, count),
        port,
        keySets: demo?.devKeys ? [demo.devKeys.keySet] : [],
        remoteKeySets: keySetHub!.snapshots(),
        countRequests: metrics !== null,
      },
      hub: keySetHub!,
      onFatal: (message) => {
        // No silent half-server: say so loudly and stop; a supervisor restarts the process.
        log.crit(`${message}; stopping the process (exit 1)`);
        exitAfterClosing(pool);
      },
    }));
    lifecycle.onShutdown('server workers (draining in-flight requests)', () => pool.drain(DEFAULTS.shutdownDrainSeconds * 1000));
    // Awaited after the catalog load: a worker failing first must not be an unhandled rejection meanwhile.
    pool.listening.catch(() => {});
    return { port, pool };
  }
  readiness.serving();
  // First on shutdown: /ready turns 503 while requests drain.
  lifecycle.onShutdown('readiness', () => readiness.stopping());
  signals.ready({
    reloadSchema: () => void live.reloadSchema('SIGUSR1'),
    reloadConfig: () => void live.reloadConfig('SIGUSR2'),
  });

  // Only once serving: start-up (and every worker's first schema cache) builds its heap fastest with V8's default growth.
  limitHeapGrowth();
  log.notice(
    `ready in ${Date.now() - started} ms: schemas ${config.dbSchemas.join(',')}; ${schema.relations} relations, ${schema.functions} functions; HTTP engine ${server.engine}; executor ${config.dbExecutor}; listening on ${config.serverUnixSocket !== null ? `unix:${config.serverUnixSocket}` : `http://${config.serverHost}:${server.port}`}${adminNote}${threaded ? `; ${workerCount} workers` : ''}`,
  );
  if (demo) await demo.welcome(`http://${config.serverHost === '0.0.0.0' ? '127.0.0.1' : config.serverHost}:${server.port}`);
}

/** Exit 1 now; server workers first close their listeners (a thread ending with uWS sockets open aborts the process). */
function exitAfterClosing(workers: WorkerPool | null): void {
  const exit = () => process.exit(1);
  if (!workers) return exit();
  setTimeout(exit, DEFAULTS.workerCloseNowMs).unref();
  void workers.closeNow().finally(exit);
}

/** One loud line naming the engine and why, before anything else can fail (--server-engine uws without a binary exits here). */
function announceEngine(config: Readonly<Config>, log: Logger): Engine {
  const engine = selectEngine(config.serverEngine);
  if (engine.kind === 'uws') log.notice(`HTTP engine: ${engine.description}`);
  else {
    const bar = '!'.repeat(78);
    log.crit(
      `\n${bar}\n!! HTTP engine: ${engine.description}.\n!! Every feature works; throughput is lower than native uWebSockets.js (see README, "Runtime").\n${bar}`,
    );
  }
  return engine;
}

main().catch((error: unknown) => {
  // Configuration and start-up checks explain themselves; anything else gets its message (never a stack of our own making).
  const message = error instanceof ConfigError || error instanceof StartupError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`pg-data-api failed to start: ${message}\n`);
  process.exit(1);
});
