// Readiness for /ready: the database answers a cheap probe every second and a schema cache is loaded; logs loss and recovery once.
import { DEFAULTS } from '../config/defaults.ts';
import type { Logger } from '../log.ts';

export interface ReadinessOptions {
  /** A cheap round trip (`select 1`); rejects when the database cannot be reached. */
  probe: () => Promise<unknown>;
  log: Logger;
  /** Called when the database answers again after an outage (PostgREST reloads the schema cache then). */
  onRecovered?: () => void;
  intervalMs?: number;
  timeoutMs?: number;
}

export class Readiness {
  #databaseUp = true;
  #schemaLoaded = false;
  #serving = false;
  #stopping = false;
  #timer: NodeJS.Timeout | null = null;
  #probeStartedAt = 0;
  readonly #options: Required<Omit<ReadinessOptions, 'onRecovered'>> & Pick<ReadinessOptions, 'onRecovered'>;

  constructor(options: ReadinessOptions) {
    this.#options = { intervalMs: DEFAULTS.readinessProbeIntervalMs, timeoutMs: DEFAULTS.readinessProbeTimeoutMs, ...options };
  }

  /** 200 on /ready: database reachable, schema cache loaded, the API listening, not shutting down. */
  get ready(): boolean {
    return this.#databaseUp && this.#schemaLoaded && this.#serving && !this.#stopping;
  }

  get databaseUp(): boolean {
    return this.#databaseUp;
  }

  schemaLoaded(): void {
    this.#schemaLoaded = true;
  }

  /** The API port accepts requests. */
  serving(): void {
    this.#serving = true;
  }

  /** From the first moment of a shutdown, so load balancers stop sending traffic while requests drain. */
  stopping(): void {
    this.#stopping = true;
  }

  start(): void {
    if (this.#timer) return;
    const tick = () => {
      this.#probeOnce();
      this.#timer = setTimeout(tick, this.#options.intervalMs);
      this.#timer.unref();
    };
    this.#timer = setTimeout(tick, this.#options.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #probeOnce(): void {
    if (this.#probeStartedAt !== 0) {
      // The previous probe has not answered: no second one on top; slow beyond the timeout counts as down.
      if (Date.now() - this.#probeStartedAt > this.#options.timeoutMs) this.#down(`no answer within ${this.#options.timeoutMs} ms`);
      return;
    }
    this.#probeStartedAt = Date.now();
    this.#options.probe().then(
      () => {
        const late = Date.now() - this.#probeStartedAt > this.#options.timeoutMs;
        this.#probeStartedAt = 0;
        if (late) this.#down(`no answer within ${this.#options.timeoutMs} ms`);
        else this.#up();
      },
      (error: unknown) => {
        this.#probeStartedAt = 0;
        this.#down(error instanceof Error ? error.message : String(error));
      },
    );
  }

  #up(): void {
    if (this.#databaseUp) return;
    this.#databaseUp = true;
    this.#options.log.notice('database connection restored');
    this.#options.onRecovered?.();
  }

  #down(reason: string): void {
    if (this.#databaseUp) {
      this.#databaseUp = false;
      this.#options.log.notice(`database connection lost (${reason}); /ready answers 503 until it is back`);
    } else {
      this.#options.log.warn(`database still unreachable (${reason})`);
    }
  }
}
