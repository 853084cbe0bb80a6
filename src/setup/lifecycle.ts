// Lifecycle: what start-up opened, closed in reverse order on shutdown (each step bounded and logged, never skipped on error).
import type { Logger } from '../log.ts';

/** A step that hangs (e.g. UNLISTEN while the database is unreachable) must not keep the process alive. */
export const STEP_TIMEOUT_MS = 15_000;

export class Lifecycle {
  readonly #steps: Array<{ name: string; close: () => Promise<void> | void }> = [];
  #shutdown: Promise<void> | null = null;

  constructor(
    private readonly log: Logger,
    private readonly stepTimeoutMs = STEP_TIMEOUT_MS,
  ) {}

  get stopping(): boolean {
    return this.#shutdown !== null;
  }

  /** Registers something to close; the last registered closes first. */
  onShutdown(name: string, close: () => Promise<void> | void): void {
    this.#steps.push({ name, close });
  }

  /** Runs every step once (later calls return the same promise). */
  shutdown(): Promise<void> {
    this.#shutdown ??= (async () => {
      for (const step of [...this.#steps].reverse()) {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), this.stepTimeoutMs);
        });
        try {
          const outcome = await Promise.race([Promise.resolve().then(step.close), timedOut]);
          if (outcome === 'timeout') this.log.error(`shutdown: ${step.name} did not finish within ${this.stepTimeoutMs / 1000}s; going on`);
        } catch (error) {
          this.log.error(`shutdown: ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          clearTimeout(timer);
        }
      }
    })();
    return this.#shutdown;
  }
}
