// The main thread's side of the server workers: starts them on the probed port, sends them catalogs, config reloads and
// key sets, answers their key-set refreshes, gathers their metrics, drains them on shutdown, and reports a crash.
import { Worker } from 'node:worker_threads';
import type { KeySetSnapshot } from '../auth/shared-key-source.ts';
import type { Config } from '../config/config.ts';
import type { SchemaSummary } from '../schema/schema-summary.ts';
import type { CatalogMessage, FromWorker, ToWorker, WorkerInit, WorkerReport } from './messages.ts';
import type { KeySetHub } from './key-set-hub.ts';

export interface Listening {
  engine: string;
  schema: SchemaSummary;
}

/** A worker that has not answered by then is left out (of a scrape) or not waited for (a reload). */
export const ANSWER_TIMEOUT_MS = 2_000;

export interface WorkerPoolOptions {
  count: number;
  /** What every worker starts with (index and count are added per worker). */
  init: Omit<WorkerInit, 'index' | 'count'>;
  hub: KeySetHub;
  /** A worker crashed after start-up (called once): the caller stops the process. */
  onFatal: (message: string) => void;
}

/** The worker entry next to this module: TypeScript under tsx (tests, npm run dev), worker-main.mjs next to the bundle. */
function spawn(workerData: WorkerInit): Worker {
  if (import.meta.url.endsWith('.ts')) {
    // A worker does not take over tsx's --import hooks for its entry module on Node 20: register them there first.
    const entry = new URL('./worker-main.ts', import.meta.url).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    return new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`, {
      eval: true,
      workerData,
    });
  }
  return new Worker(new URL('./worker-main.mjs', import.meta.url), { workerData });
}

export class WorkerPool {
  readonly #workers: Worker[] = [];
  readonly #exited: Array<Promise<void>> = [];
  readonly #answers = new Map<number, (answer: FromWorker) => void>();
  #nextId = 1;
  #draining = false;
  #failed = false;
  /** Until every worker listens, a failure rejects `listening` instead of calling onFatal. */
  #startFailed: (error: Error) => void = () => {};
  #listeningWorkers = 0;

  /** Once every worker listens: the HTTP engine's description and the first worker's schema cache in brief; a worker failing first rejects it (the others closed). */
  readonly listening: Promise<Listening>;

  /** Starts the workers at once; register drain() for shutdown before awaiting `listening`. */
  constructor(private readonly options: WorkerPoolOptions) {
    options.hub.onChange = (snapshot) => this.#broadcast({ type: 'key-set', snapshot });
    const failed = new Promise<never>((_, reject) => {
      this.#startFailed = reject;
    });
    const listening: Array<Promise<Listening>> = [];
    for (let index = 1; index <= options.count; index++) listening.push(this.#spawn(index));
    this.listening = Promise.race([Promise.all(listening), failed]).then(
      (workers) => workers[0]!,
      async (error: unknown) => {
        await this.closeNow();
        throw error;
      },
    );
  }

  /** Resolves once every worker serves with the new schema cache (so a "reloaded" log line is true for all). */
  async sendCatalog(catalog: CatalogMessage): Promise<void> {
    await this.#askAll((id) => ({ type: 'catalog', id, ...catalog }));
  }

  /** Resolves once every worker applied the reloaded config. */
  async sendConfig(config: Readonly<Config>): Promise<void> {
    await this.#askAll((id) => ({ type: 'config', id, config }));
  }

  /** Every worker's metrics, pool and token cache now (a worker that does not answer in time is left out). */
  async reports(): Promise<WorkerReport[]> {
    const answers = await this.#askAll((id) => ({ type: 'report', id }));
    return answers.flatMap((answer) => (answer?.type === 'report' ? [answer.report] : []));
  }

  /** The schema cache as /schema_cache shows it, from the first worker (they all build theirs from the same catalog); null if it does not answer in time. */
  async schemaCacheJson(): Promise<string | null> {
    const answer = await this.#ask(this.#workers[0]!, (id) => ({ type: 'schema-cache', id }));
    return answer?.type === 'schema-cache' ? answer.json : null;
  }

  /** One message to each worker and its answers. */
  #askAll(message: (id: number) => ToWorker): Promise<Array<FromWorker | null>> {
    return Promise.all(this.#workers.map((worker) => this.#ask(worker, message)));
  }

  /** One message and its answer (null if none came within ANSWER_TIMEOUT_MS). */
  #ask(worker: Worker, message: (id: number) => ToWorker): Promise<FromWorker | null> {
    return new Promise((resolve) => {
      const id = this.#nextId++;
      const timer = setTimeout(() => {
        this.#answers.delete(id);
        resolve(null);
      }, ANSWER_TIMEOUT_MS);
      this.#answers.set(id, (answer) => {
        clearTimeout(timer);
        this.#answers.delete(id);
        resolve(answer);
      });
      worker.postMessage(message(id));
    });
  }

  /** Each worker stops accepting, finishes its requests in flight (up to timeoutMs), closes its pool and exits. */
  async drain(timeoutMs: number): Promise<void> {
    this.#draining = true;
    this.#broadcast({ type: 'drain', timeoutMs });
    await Promise.all(this.#exited);
  }

  /** Each worker closes its listener and connections at once (requests in flight are cut) and exits. */
  async closeNow(): Promise<void> {
    this.#draining = true;
    this.#broadcast({ type: 'close-now' });
    await Promise.all(this.#exited);
  }

  #broadcast(message: ToWorker): void {
    for (const worker of this.#workers) worker.postMessage(message);
  }

  #spawn(index: number): Promise<Listening> {
    const worker = spawn({ ...this.options.init, index, count: this.options.count });
    this.#workers.push(worker);
    let crashed: string | null = null;
    this.#exited.push(
      new Promise<void>((resolve) =>
        worker.once('exit', (code) => {
          resolve();
          if (!this.#draining || code !== 0) this.#fail(index, crashed ?? `exited with code ${code}`);
        }),
      ),
    );
    worker.on('error', (error) => {
      crashed = error.stack ?? error.message;
    });
    return new Promise<Listening>((resolve) => {
      worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'listening':
            this.#listeningWorkers++;
            return resolve({ engine: message.engine, schema: message.schema });
          case 'report':
          case 'applied':
          case 'schema-cache':
            return this.#answers.get(message.id)?.(message);
          case 'refresh-key-set':
            return void this.options.hub.refresh(message.url).then((snapshot) => {
              worker.postMessage({ type: 'key-set', snapshot: snapshot ?? unconfigured(message.url), replyTo: message.id } satisfies ToWorker);
            });
          case 'fatal':
            crashed = message.message;
            return;
        }
      });
    });
  }

  #fail(index: number, message: string): void {
    if (this.#failed) return;
    this.#failed = true;
    const error = new Error(`server worker ${index} ${message.startsWith('exited') ? message : `failed: ${message}`}`);
    if (this.#listeningWorkers < this.options.count) this.#startFailed(error);
    else this.options.onFatal(error.message);
  }
}

/** A refresh for a URL a config reload removed meanwhile: no keys (the worker gets the new authenticator next). */
const unconfigured = (url: string): KeySetSnapshot => ({ url, jwks: null, loadedAt: 0, failing: true, retryAfterSeconds: 1 });
