// The server workers' reports as one: pool stats, token cache entries and replica routing summed for /metrics.
import type { PoolStats } from '../db/executor.ts';
import type { RoutingStats } from '../db/read-router.ts';
import type { WorkerReport } from './messages.ts';

export function sumPoolStats(reports: readonly WorkerReport[]): PoolStats | undefined {
  const stats = reports.flatMap((report) => (report.pool ? [report.pool] : []));
  if (stats.length === 0) return undefined;
  const sum = (read: (s: PoolStats) => number) => stats.reduce((total, s) => total + read(s), 0);
  return {
    max: sum((s) => s.max),
    open: sum((s) => s.open),
    busy: sum((s) => s.busy),
    waiting: sum((s) => s.waiting),
    acquisitionTimeouts: sum((s) => s.acquisitionTimeouts),
  };
}

export function sumTokenCacheEntries(reports: readonly WorkerReport[]): number | undefined {
  const counts = reports.flatMap((report) => (report.tokenCacheEntries === undefined ? [] : [report.tokenCacheEntries]));
  return counts.length === 0 ? undefined : counts.reduce((a, b) => a + b, 0);
}

/** Requests and fallbacks add up; a replica is in rotation while any worker still sends it reads (each checks it on its own), with the largest lag seen. */
export function sumRouting(reports: readonly WorkerReport[]): RoutingStats | undefined {
  const all = reports.flatMap((report) => (report.routing ? [report.routing] : []));
  if (all.length === 0) return undefined;
  const requests = new Map<string, RoutingStats['requests'][number]>();
  const replicas = new Map<string, RoutingStats['replicas'][number]>();
  const fallbacks = { ...all[0]!.fallbacks };
  for (const key of Object.keys(fallbacks) as Array<keyof typeof fallbacks>) fallbacks[key] = 0;
  for (const routing of all) {
    for (const entry of routing.requests) {
      const key = `${entry.target}\u0000${entry.server}`;
      const seen = requests.get(key);
      requests.set(key, seen ? { ...seen, count: seen.count + entry.count } : { ...entry });
    }
    for (const [reason, count] of Object.entries(routing.fallbacks) as Array<[keyof typeof fallbacks, number]>)
      fallbacks[reason] = (fallbacks[reason] ?? 0) + count;
    for (const replica of routing.replicas) {
      const seen = replicas.get(replica.server);
      replicas.set(
        replica.server,
        seen ? { server: replica.server, healthy: seen.healthy || replica.healthy, lagSeconds: maxLag(seen.lagSeconds, replica.lagSeconds) } : { ...replica },
      );
    }
  }
  return { requests: [...requests.values()], fallbacks, replicas: [...replicas.values()] };
}

const maxLag = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.max(a, b));
