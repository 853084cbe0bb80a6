// A real primary + streaming replica on Debian's PostgreSQL: initdb, pg_basebackup -R, pg_ctl (as `postgres` when root).
import { spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postgresRunAs, type RunAs } from '../../src/embedded/postgres-user.ts';
import { freePort } from './api-process.ts';

export interface PgServer {
  port: number;
  dataDir: string;
  /** Superuser URI (trust authentication on 127.0.0.1). */
  uri: string;
  start(): void;
  /** `fast`: disconnects clients, as a replica being taken down for maintenance would. */
  stop(mode?: 'fast' | 'immediate'): void;
}

export interface Topology {
  primary: PgServer;
  replica: PgServer;
  /** Stops both servers and removes their folders. */
  destroy(): void;
}

/** The newest /usr/lib/postgresql/<version>/bin holding pg_basebackup, or null. */
export function findPostgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = path.join(root, version, 'bin');
    if (existsSync(path.join(bin, 'pg_basebackup')) && existsSync(path.join(bin, 'initdb'))) return bin;
  }
  return null;
}

/** Installs Debian's postgresql package when root and missing (as .ci/run does); null if still missing. */
export function ensurePostgresBin(): string | null {
  const found = findPostgresBin();
  if (found || os.userInfo().uid !== 0) return found;
  const apt = { stdio: 'ignore' as const, timeout: 180_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  spawnSync('apt-get', ['update'], apt);
  spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], apt);
  return findPostgresBin();
}

function run(bin: string, args: string[], who: RunAs | null): string {
  const result = spawnSync(bin, args, { cwd: '/', encoding: 'utf8', timeout: 60_000, ...(who ? { uid: who.uid, gid: who.gid } : {}) });
  if (result.status !== 0)
    throw new Error(
      `${path.basename(bin)} ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout || result.error?.message}`,
    );
  return result.stdout;
}

/** Settings for a small, fast, throwaway server: TCP on 127.0.0.1 only, no fsync (so commits cost no disk flush). */
const SERVER_SETTINGS = [
  "listen_addresses = '127.0.0.1'",
  'fsync = off',
  // synchronous_commit stays on: off would hold WAL back from the replica for up to wal_writer_delay (200 ms).
  'full_page_writes = off',
  'shared_buffers = 16MB',
  'max_connections = 60',
  'wal_level = replica',
  'max_wal_senders = 4',
  'hot_standby = on',
  // The standby tells the primary what its queries still need, so replay rarely cancels them.
  'hot_standby_feedback = on',
  'wal_receiver_status_interval = 1s',
];

export async function startTopology(bin: string): Promise<Topology> {
  const who = postgresRunAs(() => {});
  const base = mkdtempSync(path.join(os.tmpdir(), 'pg-data-api-replication-'));
  if (who) chownSync(base, who.uid, who.gid);
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const server = (name: string, port: number): PgServer => {
    const dataDir = path.join(base, name);
    const log = path.join(base, `${name}.log`);
    return {
      port,
      dataDir,
      uri: `postgres://postgres@127.0.0.1:${port}/postgres`,
      start: () => void run(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-l', log, '-w', '-t', '30', '-o', `-p ${port} -k ${base}`, 'start'], who),
      stop: (mode = 'fast') => void run(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', mode, '-w', 'stop'], who),
    };
  };
  const primary = server('primary', primaryPort);
  const replica = server('replica', replicaPort);
  const started: PgServer[] = [];
  const destroy = () => {
    for (const s of started.reverse()) {
      try {
        s.stop('immediate');
      } catch {
        /* already stopped */
      }
    }
    rmSync(base, { recursive: true, force: true });
  };
  try {
    run(path.join(bin, 'initdb'), ['-D', primary.dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], who);
    // initdb's pg_hba.conf already trusts replication connections from 127.0.0.1.
    appendFileSync(path.join(primary.dataDir, 'postgresql.conf'), '\n' + SERVER_SETTINGS.join('\n') + '\n');
    primary.start();
    started.push(primary);
    // -R writes standby.signal and primary_conninfo: the copy starts as a streaming replica.
    run(
      path.join(bin, 'pg_basebackup'),
      ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replica.dataDir, '-R', '-X', 'stream', '--no-sync', '-c', 'fast'],
      who,
    );
    replica.start();
    started.push(replica);
    return { primary, replica, destroy };
  } catch (error) {
    destroy();
    throw error;
  }
}
