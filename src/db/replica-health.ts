// One read replica's place in rotation: checked every second (standby? lag?), and taken out at once when a request fails on it.
import type { Logger } from '../log.ts';

/** What one check saw: `lagSeconds` null when unknown (nothing replayed since the replica started). */
export interface ReplicaStatus {
  inRecovery: boolean;
  lagSeconds: number | null;
}

export interface ReplicaHealthOptions {
  /** The replica as logs and metrics name it (host:port, never credentials). */
  server: string;
  /** One round trip to the replica; rejects when it cannot be reached. */
  check: () => Promise<ReplicaStatus>;
  maxLagSeconds: number;
  intervalMs: number;
  /** A check slower than this counts as failed. */
  timeoutMs: number;
  log: Logger;
}

const NOT_CHECKED = 'not checked yet';

export class ReplicaHealth {
  /** Out of rotation until the first check passes. */
  #healthy = false;
  #lagSeconds: number | null = null;
  /** Why it is out of rotation (logged once per change). */
  #problem: string | null = NOT_CHECKED;
  #checking = false;
  #timer: NodeJS.Timeout | null = null;
  /** After stop(), a check still in flight (failing as the pools close) changes and logs nothing. */
  #stopped = false;

  constructor(private readonly options: ReplicaHealthOptions) {}

  get server(): string {
    return this.options.server;
  }

  get healthy(): boolean {
    return this.#healthy;
  }

  /** The lag the last successful check saw (seconds), null if none did. */
  get lagSeconds(): number | null {
    return this.#lagSeconds;
  }

  start(): void {
    if (this.#timer) return;
    const tick = () => {
      void this.checkNow();
      this.#timer = setTimeout(tick, this.options.intervalMs);
      this.#timer.unref();
    };
    tick();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** A request could not run on the replica (connection lost, server shutting down): out until a check passes. */
  markFailed(reason: string): void {
    this.#out(`a request failed: ${reason}`);
  }

  /** One check; a check still running from the previous tick is not doubled. */
  async checkNow(): Promise<void> {
    if (this.#checking) return;
    this.#checking = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
    });
    try {
      const status = await Promise.race([this.options.check(), timeout]);
      if (!this.#stopped) this.#judge(status);
    } catch (error) {
      if (!this.#stopped) this.#out(`check failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      clearTimeout(timer);
      this.#checking = false;
    }
  }

  #judge(status: ReplicaStatus): void {
    if (!status.inRecovery) {
      // Promoted, or pointed at a primary by mistake: its data may diverge from the primary's.
      this.#lagSeconds = null;
      return this.#out('not in recovery (not a standby)');
    }
    this.#lagSeconds = status.lagSeconds;
    if (status.lagSeconds === null) return this.#out('lag unknown: no transaction replayed yet');
    if (status.lagSeconds > this.options.maxLagSeconds)
      return this.#out(`lags ${status.lagSeconds.toFixed(1)} s behind the primary (db-replica-max-lag ${this.options.maxLagSeconds} s)`);
    if (!this.#healthy) this.options.log.notice(`read replica ${this.options.server} in rotation`);
    this.#healthy = true;
    this.#problem = null;
  }

  /** Logged when the replica leaves rotation (or never enters it), not on every failed check after that. */
  #out(problem: string): void {
    if (this.#healthy || this.#problem === NOT_CHECKED)
      this.options.log.notice(`read replica ${this.options.server} out of rotation: ${problem}; its reads go to the primary`);
    this.#healthy = false;
    this.#problem = problem;
  }
}
