// Read replica metrics (pgrst_db_requests_total, pgrst_db_replica_*), read from the router at scrape time.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { RoutingStats } from '../db/read-router.ts';

/** Read replicas: transactions per server, fallbacks to the primary, each replica's lag and rotation state. */
export function registerRoutingMetrics(routing: () => RoutingStats | undefined, registers: Registry[]): void {
  new Counter({
    name: 'pgrst_db_requests_total',
    help: 'Transactions run, by target (primary | replica) and server (host:port)',
    labelNames: ['target', 'server'],
    registers,
    collect() {
      const stats = routing();
      if (!stats) return;
      this.reset();
      for (const { target, server, count } of stats.requests) this.inc({ target, server }, count);
    },
  });
  new Counter({
    name: 'pgrst_db_replica_fallbacks_total',
    help: 'Replica-eligible reads run on the primary, by reason',
    labelNames: ['reason'],
    registers,
    collect() {
      const stats = routing();
      if (!stats) return;
      this.reset();
      for (const [reason, count] of Object.entries(stats.fallbacks)) this.inc({ reason }, count);
    },
  });
  new Gauge({
    name: 'pgrst_db_replica_lag_seconds',
    help: 'Replay lag each read replica reported at its last successful check',
    labelNames: ['server'],
    registers,
    collect() {
      this.reset();
      for (const replica of routing()?.replicas ?? []) if (replica.lagSeconds !== null) this.set({ server: replica.server }, replica.lagSeconds);
    },
  });
  new Gauge({
    name: 'pgrst_db_replica_healthy',
    help: '1 while a read replica is in rotation, else 0',
    labelNames: ['server'],
    registers,
    collect() {
      this.reset();
      for (const replica of routing()?.replicas ?? []) this.set({ server: replica.server }, replica.healthy ? 1 : 0);
    },
  });
}
