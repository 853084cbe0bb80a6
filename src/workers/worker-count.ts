// How many server workers start: server-workers, unless the listener cannot be shared (a Unix socket, node:http without reusePort).
import type { Config } from '../config/config.ts';
import type { Engine } from '../http/engine.ts';

export interface WorkerCount {
  count: number;
  /** Why fewer than server-workers start (logged once), or null. */
  notice: string | null;
}

/** node:http's listen({ reusePort }) arrived in Node 22.12 and 23.1. */
export function nodeHttpSharesPorts(version = process.versions.node): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major >= 24 || (major === 23 && minor >= 1) || (major === 22 && minor >= 12);
}

export function countWorkers(
  config: Pick<Config, 'serverWorkers' | 'serverUnixSocket'>,
  engine: Engine['kind'],
  nodeVersion = process.versions.node,
): WorkerCount {
  const wanted = config.serverWorkers;
  if (wanted === 1) return { count: 1, notice: null };
  if (config.serverUnixSocket !== null)
    return { count: 1, notice: `server-workers ${wanted}: a Unix socket (server-unix-socket) is served by one thread; running 1 worker` };
  if (engine === 'node' && !nodeHttpSharesPorts(nodeVersion))
    return {
      count: 1,
      notice: `server-workers ${wanted}: the node:http engine shares a port between threads only on Node ≥ 22.12 (this is ${nodeVersion}); running 1 worker`,
    };
  return { count: wanted, notice: null };
}

/** Each worker's share of db-pool (so workers × share ≥ db-pool; see docs/operations.md). */
export const poolPerWorker = (dbPool: number, workers: number): number => Math.ceil(dbPool / workers);
