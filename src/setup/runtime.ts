// Runtime: what may change while serving (config, authenticator, schema cache) and the reloads that swap each whole.
import { performance } from 'node:perf_hooks';
import { liveDeps, type AppDeps } from '../app.ts';
import type { StartedAuthenticator } from '../auth/create-authenticator.ts';
import type { Config, LoadedConfig } from '../config/config.ts';
import { SETTINGS, type SettingSpec } from '../config/settings.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { cacheFromSnapshot, readCatalog, type CatalogSnapshot } from '../schema/introspect.ts';
import { SchemaStore } from '../schema/schema-store.ts';
import type { SchemaCache } from '../schema/types.ts';
import { checkExposedSchemas, checkRequestRoles } from './startup-checks.ts';
import { ShapeCache } from '../shape-cache.ts';

export interface RuntimeOptions {
  config: Readonly<Config>;
  /** Reads file, env, in-database settings and flags again (a reload); rejects on an invalid value. */
  reread: () => Promise<LoadedConfig>;
  db: Pick<Database, 'query' | 'executor'>;
  log: Logger;
  createAuthenticator: (config: Readonly<Config>) => StartedAuthenticator;
  /** Each schema cache load, for metrics and readiness. */
  onSchemaLoad?: (ok: boolean, seconds: number) => void;
  /** Each catalog read (server workers build their caches from it); awaited before the load counts as done. */
  onCatalog?: (snapshot: CatalogSnapshot, schemas: readonly string[]) => Promise<void> | void;
  /** False when server workers serve the requests: this thread then builds no schema cache of its own. */
  ownCache?: boolean;
  /** Each applied config reload (server workers apply it too); awaited before the reload is logged. */
  onConfigReloaded?: (config: Readonly<Config>) => Promise<void> | void;
}

/** Settings that shape the authenticator: a reload that changes one builds a new one. */
export const AUTH_KEYS: ReadonlySet<string> = new Set(['jwksUrls', 'jwtAud', 'jwtIssuer', 'jwtSecret', 'jwtRoleClaimKey', 'dbAnonRole', 'dbAuthenticatedRole']);

const noCacheHere = (): never => {
  throw new Error('this thread holds no schema cache: the server workers serve the requests');
};

export class Runtime {
  #config: Readonly<Config>;
  #authenticator: StartedAuthenticator;
  /** Null before the first load; holds null when this thread builds no cache (ownCache: false). */
  #schema: SchemaStore<SchemaCache | null> | null = null;
  /** The schemas the next load introspects (changes with a db-schemas reload before the config does). */
  #schemas: readonly string[];
  readonly deps: AppDeps;

  constructor(private readonly options: RuntimeOptions) {
    this.#config = options.config;
    this.#schemas = options.config.dbSchemas;
    this.#authenticator = options.createAuthenticator(options.config);
    this.deps = liveDeps(
      { config: () => this.#config, authenticator: () => this.#authenticator },
      { schemaCache: () => this.#schema?.current ?? noCacheHere(), executor: options.db.executor, log: options.log, shapes: new ShapeCache() },
    );
  }

  get config(): Readonly<Config> {
    return this.#config;
  }

  get authenticator(): StartedAuthenticator {
    return this.#authenticator;
  }

  get schemaCache(): SchemaCache | null {
    return this.#schema?.current ?? null;
  }

  /** The first load, before listening: this thread's cache, or null when it builds none (ownCache: false). */
  async loadSchema(): Promise<SchemaCache | null> {
    this.#schema = new SchemaStore(await this.#load(), () => this.#load());
    return this.#schema.current;
  }

  /** SIGUSR1, NOTIFY pgrst 'reload schema', recovery after an outage: a failed reload keeps the previous cache. */
  async reloadSchema(reason: string): Promise<void> {
    if (!this.#schema) return;
    try {
      await this.#schema.reload();
      this.options.log.notice(`schema cache reloaded (${reason})`);
    } catch (error) {
      this.options.log.error(`schema cache reload failed (${reason}); keeping the previous cache: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * SIGUSR2 or NOTIFY pgrst 'reload config': re-reads the configuration and applies the reloadable
   * settings; others are reported as needing a restart. An invalid file or a setting that fails its
   * start-up check leaves everything as it was.
   */
  async reloadConfig(reason: string): Promise<void> {
    const { log } = this.options;
    let next: Readonly<Config>;
    const changed: SettingSpec[] = [];
    try {
      const reread = await this.options.reread();
      for (const warning of reread.warnings) log.notice(warning);
      const merged: Record<string, unknown> = { ...this.#config };
      for (const setting of SETTINGS) {
        const before = (this.#config as unknown as Record<string, unknown>)[setting.key];
        const after = (reread.config as unknown as Record<string, unknown>)[setting.key];
        if (JSON.stringify(before) === JSON.stringify(after)) continue;
        if (setting.reloadable) {
          merged[setting.key] = after;
          changed.push(setting);
        } else log.notice(`config reload: ${setting.name} changed but takes effect only after a restart`);
      }
      next = Object.freeze(merged as unknown as Config);
      if (changed.some((s) => s.key === 'dbAnonRole' || s.key === 'dbAuthenticatedRole')) await checkRequestRoles(this.options.db.query, next);
      if (changed.some((s) => s.key === 'dbSchemas')) {
        await checkExposedSchemas(this.options.db.query, next.dbSchemas);
        this.#schemas = next.dbSchemas;
        await this.#schema?.reload();
      }
    } catch (error) {
      this.#schemas = this.#config.dbSchemas;
      log.error(`config reload (${reason}) failed; the running configuration is unchanged: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (changed.some((s) => AUTH_KEYS.has(s.key))) {
      const previous = this.#authenticator;
      this.#authenticator = this.options.createAuthenticator(next);
      previous.close();
    }
    this.#config = next;
    log.configure({ level: next.logLevel, format: next.logFormat });
    await this.options.onConfigReloaded?.(next);
    log.notice(`config reloaded (${reason})${changed.length ? ': ' + changed.map((s) => s.name).join(', ') : ': no reloadable setting changed'}`);
  }

  close(): void {
    this.#authenticator.close();
  }

  async #load(): Promise<SchemaCache | null> {
    const started = performance.now();
    try {
      const schemas = this.#schemas;
      const snapshot = await readCatalog(this.options.db.query, schemas);
      await this.options.onCatalog?.(snapshot, schemas);
      const cache = this.options.ownCache === false ? null : cacheFromSnapshot(snapshot, schemas);
      this.options.onSchemaLoad?.(true, (performance.now() - started) / 1000);
      return cache;
    } catch (error) {
      this.options.onSchemaLoad?.(false, (performance.now() - started) / 1000);
      throw error;
    }
  }
}
