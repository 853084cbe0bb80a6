// How many server workers start (server-workers, unless the listener cannot be shared: a Unix socket, node:http without
// reusePort), and each one's share of the process-wide bounds.
import { DEFAULTS } from '../config/defaults.ts';
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

/**
 * Each worker's share of a process-wide bound: db-pool, the verified-token cache's entries and bytes (so
 * workers × share ≥ the bound and the process holds about what one thread would; see docs/operations.md).
 */
export const shareOut = (total: number, workers: number): number => Math.ceil(total / workers);

/** A worker's verified-token cache: its share of the process's bounds (security.md lists them per process). */
export const tokenCacheShare = (workers: number): { maxEntries: number; maxBytes: number } => ({
  maxEntries: shareOut(DEFAULTS.jwtCacheMaxEntries, workers),
  maxBytes: shareOut(DEFAULTS.jwtCacheMaxBytes, workers),
});
