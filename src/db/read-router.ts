// Routes replica-eligible reads to a healthy read replica (round-robin) and everything else to the primary.
import { connectionTarget, targetName } from './connection-target.ts';
import { DatabaseError, DatabaseUnavailableError } from '../errors/database-error.ts';
import { REPLICA_STATUS_STATEMENT } from '../query/replica-status.ts';
import type { Logger } from '../log.ts';
import type { Executor, PoolStats, StatementRows, TransactionSpec } from './executor.ts';
import { ReplicaHealth } from './replica-health.ts';

export type RouteTarget = 'primary' | 'replica';

/** Why an eligible read ran on the primary after all. */
export type FallbackReason = 'no_healthy_replica' | 'connection_error' | 'recovery_conflict' | 'replica_behind';

/** What the admin server's /metrics reports about routing. */
export interface RoutingStats {
  /** Transactions run per server since start, by where they ran in the end. */
  requests: Array<{ target: RouteTarget; server: string; count: number }>;
  fallbacks: Record<FallbackReason, number>;
  replicas: Array<{ server: string; healthy: boolean; lagSeconds: number | null }>;
}

export interface ReplicaTarget {
  server: string;
  executor: Executor;
}

export interface ReadRouterOptions {
  primary: ReplicaTarget;
  replicas: readonly ReplicaTarget[];
  maxLagSeconds: number;
  checkIntervalMs: number;
  checkTimeoutMs: number;
  log: Logger;
}

interface Replica extends ReplicaTarget {
  health: ReplicaHealth;
}

/** An Executor in front of the primary's and the replicas' executors; `stats()` is the primary pool's. */
export class ReadRouter implements Executor {
  readonly #primary: ReplicaTarget;
  readonly #replicas: Replica[];
  readonly stats?: () => PoolStats;
  #next = 0;
  readonly #counts = new Map<string, { target: RouteTarget; server: string; count: number }>();
  readonly #fallbacks: Record<FallbackReason, number> = { no_healthy_replica: 0, connection_error: 0, recovery_conflict: 0, replica_behind: 0 };

  constructor(options: ReadRouterOptions) {
    this.#primary = options.primary;
    if (options.primary.executor.stats) this.stats = options.primary.executor.stats.bind(options.primary.executor);
    this.#replicas = options.replicas.map((replica) => ({
      ...replica,
      health: new ReplicaHealth({
        server: replica.server,
        check: () => checkReplica(replica.executor),
        maxLagSeconds: options.maxLagSeconds,
        intervalMs: options.checkIntervalMs,
        timeoutMs: options.checkTimeoutMs,
        log: options.log,
      }),
    }));
  }

  /** Starts the checks (the first one at once); replicas join the rotation as their first check passes. */
  start(): void {
    for (const replica of this.#replicas) replica.health.start();
  }

  async run(spec: TransactionSpec): Promise<StatementRows> {
    if (!spec.replicaEligible) return this.#onPrimary(spec);
    const replica = this.#pick();
    if (!replica) return this.#fallBack('no_healthy_replica', spec);
    let rows: StatementRows;
    try {
      rows = await replica.executor.run(spec);
    } catch (error) {
      const reason = fallbackReason(error);
      // A read changes nothing, so running it again elsewhere is safe; not once the client is gone.
      if (reason === null || spec.signal?.aborted) throw error;
      if (reason === 'connection_error') replica.health.markFailed((error as Error).message);
      return this.#fallBack(reason, spec);
    }
    this.#count('replica', replica.server);
    return rows;
  }

  routing(): RoutingStats {
    return {
      requests: [...this.#counts.values()].map((entry) => ({ ...entry })),
      fallbacks: { ...this.#fallbacks },
      replicas: this.#replicas.map((r) => ({ server: r.server, healthy: r.health.healthy, lagSeconds: r.health.lagSeconds })),
    };
  }

  /** The replicas' executors; the primary's belongs to whoever opened it. */
  async close(): Promise<void> {
    for (const replica of this.#replicas) replica.health.stop();
    await Promise.all(this.#replicas.map((replica) => replica.executor.close()));
  }

  /** Round-robin over the replicas in rotation. */
  #pick(): Replica | null {
    for (let i = 0; i < this.#replicas.length; i++) {
      const replica = this.#replicas[(this.#next + i) % this.#replicas.length]!;
      if (!replica.health.healthy) continue;
      this.#next = (this.#next + i + 1) % this.#replicas.length;
      return replica;
    }
    return null;
  }

  #fallBack(reason: FallbackReason, spec: TransactionSpec): Promise<StatementRows> {
    this.#fallbacks[reason]++;
    return this.#onPrimary(spec);
  }

  #onPrimary(spec: TransactionSpec): Promise<StatementRows> {
    this.#count('primary', this.#primary.server);
    return this.#primary.executor.run(spec);
  }

  #count(target: RouteTarget, server: string): void {
    const key = `${target} ${server}`;
    const entry = this.#counts.get(key);
    if (entry) entry.count++;
    else this.#counts.set(key, { target, server, count: 1 });
  }
}

/** Undefined table, column, function, schema, object: the replica has not replayed DDL the schema cache has seen. */
const NOT_YET_REPLAYED = new Set(['42P01', '42703', '42883', '3F000', '42704']);

/**
 * The replica's problems, not the request's: connection failures (refused, reset, the replica shutting down),
 * recovery conflicts (a hot standby cancels a query whose rows replay is removing, SQLSTATE 40001), and DDL the
 * primary's schema cache has but the replica has not replayed yet (a reload races replication by milliseconds).
 */
function fallbackReason(error: unknown): FallbackReason | null {
  if (error instanceof DatabaseUnavailableError) return 'connection_error';
  if (!(error instanceof DatabaseError)) return null;
  if (error.sqlState === '40001' && /conflict with recovery/i.test(error.message)) return 'recovery_conflict';
  return NOT_YET_REPLAYED.has(error.sqlState) ? 'replica_behind' : null;
}

async function checkReplica(executor: Executor): Promise<{ inRecovery: boolean; lagSeconds: number | null }> {
  const row = (await executor.run({ readOnly: true, statements: [REPLICA_STATUS_STATEMENT] }))[0];
  if (!row) throw new Error('the replica check returned no row');
  const lag = row.lag_seconds;
  return { inRecovery: row.in_recovery === true, lagSeconds: lag === null || lag === undefined ? null : Math.max(0, Number(lag)) };
}

/** host:port (or the Unix socket's path) of a connection URI, for logs and metric labels (never user or password). */
export function serverName(uri: string): string {
  try {
    return targetName(connectionTarget(uri));
  } catch {
    return 'unknown';
  }
}
