// Entry of one server worker thread: its own pool, token cache and HTTP server on the shared port. The main thread
// sends the schema catalog (it listens once the first has arrived), config reloads and JWKS key sets, asks for
// metrics, and says when to drain.
import { parentPort, workerData } from 'node:worker_threads';
import { handle } from '../app.ts';
import { observeRequests } from '../admin/observe-requests.ts';
import { schemaCacheJson } from '../admin/schema-cache-json.ts';
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
import { summarizeSchema } from '../schema/schema-summary.ts';
import type { FromWorker, ToWorker, WorkerInit } from './messages.ts';
import { WorkerKeySets } from './worker-key-sets.ts';
import { tokenCacheShare } from './worker-count.ts';
import { WorkerRuntime } from './worker-runtime.ts';
import { outlivesUncaught } from '../setup/known-driver-bug.ts';

const init = workerData as WorkerInit;
const log = createLogger({ level: init.config.logLevel, format: init.config.logFormat });
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
process.on('uncaughtException', (error) => {
  if (!outlivesUncaught(error, log)) fail(error);
});
process.on('unhandledRejection', (reason) => fail(reason));

/**
 * Until this worker serves, messages wait here; the first catalog is what start() waits for (the main thread starts the
 * workers while it reads the catalog, so both happen at once). Told to stop before serving, the thread just ends.
 */
const early: ToWorker[] = [];
let handleMessage: ((message: ToWorker) => void) | null = null;
let firstCatalog: (message: ToWorker & { type: 'catalog' }) => void = () => {};
const catalogArrived = new Promise<ToWorker & { type: 'catalog' }>((resolve) => (firstCatalog = resolve));
let catalogReceived = false;
port.on('message', (message: ToWorker) => {
  if (handleMessage) return handleMessage(message);
  if (message.type === 'catalog' && !catalogReceived) {
    catalogReceived = true;
    return firstCatalog(message);
  }
  if (message.type === 'close-now' || message.type === 'drain') return process.exit(0);
  early.push(message);
});

async function start(): Promise<void> {
  const config: Readonly<Config> = Object.freeze(init.config);
  // The replicas' pools are shared out as the primary's: each worker gets its part of db-pool.
  const shared = { ...config, dbPool: init.pool };
  const database = withReadReplicas(
    openDatabase(init.uri, { ...databaseOptions(shared), applicationName: `pg-data-api worker ${init.index}` }),
    init.uri,
    shared,
    log,
  );
  const keySets = new WorkerKeySets(init.remoteKeySets, send);
  const catalog = await catalogArrived;
  const runtime = new WorkerRuntime({
    config,
    catalog,
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

  send({ type: 'applied', id: catalog.id });
  handleMessage = (message: ToWorker) => {
    switch (message.type) {
      case 'catalog':
        runtime.applyCatalog(message);
        return send({ type: 'applied', id: message.id });
      case 'config':
        runtime.applyConfig(Object.freeze(message.config));
        return send({ type: 'applied', id: message.id });
      case 'key-set':
        return keySets.receive(message.snapshot, message.replyTo);
      case 'schema-cache':
        return send({ type: 'schema-cache', id: message.id, json: schemaCacheJson(runtime.schemaCache) });
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
  };
  for (const message of early.splice(0)) handleMessage(message);
  send({ type: 'listening', port: listening.port, engine: listening.engine, schema: summarizeSchema(runtime.schemaCache) });
}

start().catch((error: unknown) => fail(error, false));
