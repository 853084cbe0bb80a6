// A server worker's changing state: the config, authenticator and schema cache the main thread sends, each swapped whole.
import { liveDeps, type AppDeps } from '../app.ts';
import type { StartedAuthenticator } from '../auth/create-authenticator.ts';
import type { Config } from '../config/config.ts';
import type { Executor } from '../db/executor.ts';
import type { Logger } from '../log.ts';
import { cacheFromSnapshot } from '../schema/introspect.ts';
import type { SchemaCache } from '../schema/types.ts';
import { AUTH_KEYS } from '../setup/runtime.ts';
import type { CatalogMessage } from './messages.ts';
import { ShapeCache } from '../shape-cache.ts';

export interface WorkerRuntimeOptions {
  config: Readonly<Config>;
  catalog: CatalogMessage;
  executor: Executor;
  log: Logger;
  createAuthenticator: (config: Readonly<Config>) => StartedAuthenticator;
}

export class WorkerRuntime {
  #config: Readonly<Config>;
  #authenticator: StartedAuthenticator;
  #cache: SchemaCache;
  readonly deps: AppDeps;

  constructor(private readonly options: WorkerRuntimeOptions) {
    this.#config = options.config;
    this.#cache = cacheFromSnapshot(options.catalog.snapshot, options.catalog.schemas);
    this.#authenticator = options.createAuthenticator(options.config);
    this.deps = liveDeps(
      { config: () => this.#config, authenticator: () => this.#authenticator },
      { schemaCache: () => this.#cache, executor: options.executor, log: options.log, shapes: new ShapeCache() },
    );
  }

  get config(): Readonly<Config> {
    return this.#config;
  }

  get schemaCache(): SchemaCache {
    return this.#cache;
  }

  get authenticator(): StartedAuthenticator {
    return this.#authenticator;
  }

  /** The main thread read the catalog (start-up, reload): build this worker's cache from it. */
  applyCatalog(catalog: CatalogMessage): void {
    try {
      this.#cache = cacheFromSnapshot(catalog.snapshot, catalog.schemas);
    } catch (error) {
      this.options.log.error(
        `schema cache reload failed in this worker; keeping the previous cache: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** The main thread applied a config reload (it logs it and checked it): the same here. */
  applyConfig(next: Readonly<Config>): void {
    const before = this.#config as unknown as Record<string, unknown>;
    const after = next as unknown as Record<string, unknown>;
    if ([...AUTH_KEYS].some((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))) {
      const previous = this.#authenticator;
      this.#authenticator = this.options.createAuthenticator(next);
      previous.close();
    }
    this.#config = next;
    this.options.log.configure({ level: next.logLevel, format: next.logFormat });
  }

  close(): void {
    this.#authenticator.close();
  }
}
