// Process signals: SIGUSR1 reloads the schema cache (and so never opens Node's inspector), SIGUSR2 the config, SIGTERM/SIGINT shut down.
import type { Logger } from '../log.ts';

export interface SignalActions {
  reloadSchema(): void;
  reloadConfig(): void;
}

export interface Signals {
  /** Until set, reload signals are answered with a log line (start-up is still running). */
  ready(actions: SignalActions): void;
}

/**
 * Installed first thing in main: Node opens the inspector on 127.0.0.1:9229 when SIGUSR1 arrives and
 * nobody listens for it in JS; listening replaces that. A second SIGTERM/SIGINT during a shutdown exits at once.
 */
export function installSignals(log: () => Logger, shutdown: (signal: string) => Promise<void>, exitNow: () => void = () => process.exit(1)): Signals {
  let actions: SignalActions | null = null;
  let stopping = false;
  process.on('SIGUSR1', () => {
    if (actions) actions.reloadSchema();
    else log().notice('SIGUSR1 received during start-up: the schema cache is being loaded anyway');
  });
  process.on('SIGUSR2', () => {
    if (actions) actions.reloadConfig();
    else log().notice('SIGUSR2 received during start-up: ignored');
  });
  const onStop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log().notice(`${signal} received again: exiting without waiting for the shutdown to finish`);
      return exitNow();
    }
    stopping = true;
    log().notice(`${signal} received: shutting down (stop accepting, finish in-flight requests, close the pool)`);
    shutdown(signal).then(
      () => {
        log().notice('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log().crit(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onStop);
  process.on('SIGINT', onStop);
  return {
    ready(next) {
      actions = next;
    },
  };
}
