// Entry of one server worker thread: its own pool, token cache and HTTP server on the shared port. The main thread
// sends the schema catalog, config reloads and JWKS key sets, asks for metrics, and says when to drain.
import { parentPort, workerData } from 'node:worker_threads';
import { handle } from '../app.ts';
import { observeRequests } from '../admin/observe-requests.ts';
import { WorkerRequestMetrics } from '../admin/worker-request-metrics.ts';
import { createAuthenticator } from '../auth/create-authenticator.ts';
import { createSharedKeySource } from '../auth/shared-key-source.ts';
import type { Config } from '../config/config.ts';
import { databaseOptions, openDatabase } from '../db/database.ts';
import { withReadReplicas } from '../db/replicas.ts';
import { selectEngine } from '../http/engine.ts';
import { frontDoor } from '../http/front-door.ts';
import { startServer, type Server } from '../http/server.ts';
import { createLogger } from '../log.ts';
import type { FromWorker, ToWorker, WorkerInit } from './messages.ts';
import { WorkerKeySets } from './worker-key-sets.ts';
import { tokenCacheShare } from './worker-count.ts';
import { WorkerRuntime } from './worker-runtime.ts';

const init = workerData as WorkerInit;
const port = parentPort!;
const send = (message: FromWorker): void => port.postMessage(message);
let server: Server | null = null;
let failed = false;

/**
 * Tell the main thread (which stops the process), close the listener (a thread cannot exit with it open), end the
 * thread. A crash is told with its stack; a start-up failure (the port, the database URI) explains itself.
 */
function fail(error: unknown, stack = true): void {
  if (failed) return;
  failed = true;
  send({ type: 'fatal', message: error instanceof Error ? (stack && error.stack) || error.message : String(error) });
  void (server?.close(0) ?? Promise.resolve()).finally(() => process.exit(1));
}
process.on('uncaughtException', (error) => fail(error));
process.on('unhandledRejection', (reason) => fail(reason));

async function start(): Promise<void> {
  const config: Readonly<Config> = Object.freeze(init.config);
  const log = createLogger({ level: config.logLevel, format: config.logFormat });
  // The replicas' pools are shared out as the primary's: each worker gets its part of db-pool.
  const shared = { ...config, dbPool: init.pool };
  const database = withReadReplicas(
    openDatabase(init.uri, { ...databaseOptions(shared), applicationName: `pg-data-api worker ${init.index}` }),
    init.uri,
    shared,
    log,
  );
  const keySets = new WorkerKeySets(init.remoteKeySets, send);
  const runtime = new WorkerRuntime({
    config,
    catalog: init.catalog,
    executor: database.executor,
    log,
    createAuthenticator: (current) =>
      createAuthenticator(current, {
        log: (level, message) => log[level](`auth: ${message}`),
        keySets: init.keySets,
        remoteKeySource: (url, timings) => createSharedKeySource(url, keySets, timings),
        tokenCache: tokenCacheShare(init.count),
      }),
  });
  const metrics = init.countRequests ? new WorkerRequestMetrics() : null;
  const observed = observeRequests((raw, observer) => handle(raw, runtime.deps, observer), { config: () => runtime.config, log, metrics });
  const engine = selectEngine(config.serverEngine);
  const listening = (server = await startServer(
    frontDoor(observed, () => runtime.config),
    { host: config.serverHost, port: init.port, maxBodyBytes: config.serverMaxBodyBytes, engine, reusePort: true },
  ));

  port.on('message', (message: ToWorker) => {
    switch (message.type) {
      case 'catalog':
        runtime.applyCatalog(message);
        return send({ type: 'applied', id: message.id });
      case 'config':
        runtime.applyConfig(Object.freeze(message.config));
        return send({ type: 'applied', id: message.id });
      case 'key-set':
        return keySets.receive(message.snapshot, message.replyTo);
      case 'report':
        return void (metrics?.json() ?? Promise.resolve(null)).then((requests) =>
          send({
            type: 'report',
            id: message.id,
            report: {
              requests,
              pool: database.executor.stats?.(),
              tokenCacheEntries: runtime.authenticator.tokenCacheEntries?.(),
              routing: database.routing?.(),
            },
          }),
        );
      case 'close-now':
        // The listener must close before the thread ends (uWS handles left open abort the whole process).
        return void listening.close(0).finally(() => process.exit(0));
      case 'drain':
        return void (async () => {
          await listening.close(message.timeoutMs);
          runtime.close();
          await database.close();
          process.exit(0);
        })().catch((error: unknown) => fail(error));
    }
  });
  send({ type: 'listening', port: listening.port, engine: listening.engine });
}

start().catch((error: unknown) => fail(error, false));
