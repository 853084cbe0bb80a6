// Lifecycle: what start-up opened, closed in reverse order on shutdown (each step bounded and logged, never skipped on error).
import type { Logger } from '../log.ts';

export class Lifecycle {
  readonly #steps: Array<{ name: string; close: () => Promise<void> | void }> = [];
  #shutdown: Promise<void> | null = null;

  constructor(private readonly log: Logger) {}

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
        try {
          await step.close();
        } catch (error) {
          this.log.error(`shutdown: ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })();
    return this.#shutdown;
  }
}
