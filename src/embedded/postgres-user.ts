// As root, PostgreSQL must run as another user: the `postgres` account (created if missing), and checks of what it may reach.
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';

export interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

const POSTGRES_USER = 'postgres';

/** null when not root (PostgreSQL runs as the invoking user); the `postgres` account otherwise. */
export function postgresRunAs(log: (message: string) => void): RunAs | null {
  if (os.userInfo().uid !== 0) return null;
  const lookup = (): RunAs | null => {
    try {
      const uid = Number(
        execFileSync('id', ['-u', POSTGRES_USER], { stdio: ['ignore', 'pipe', 'ignore'] })
          .toString()
          .trim(),
      );
      const gid = Number(
        execFileSync('id', ['-g', POSTGRES_USER], { stdio: ['ignore', 'pipe', 'ignore'] })
          .toString()
          .trim(),
      );
      return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid, name: POSTGRES_USER } : null;
    } catch {
      return null;
    }
  };
  const existing = lookup();
  if (existing) return existing;
  log(`running as root: creating the system user "${POSTGRES_USER}" to run the embedded PostgreSQL (PostgreSQL refuses to run as root)`);
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', POSTGRES_USER], { stdio: 'ignore' });
  } catch {
    throw new Error(
      `running as root, the embedded PostgreSQL needs a "${POSTGRES_USER}" user and useradd could not create it; create one (useradd --system ${POSTGRES_USER}) or run as a regular user`,
    );
  }
  const created = lookup();
  if (!created) throw new Error(`the "${POSTGRES_USER}" user was created but cannot be looked up`);
  return created;
}

/** Whether `who` may traverse into and use `dir` (the kernel's answer: a `test` run as that user). */
export function canUseDirectory(who: RunAs | null, dir: string): boolean {
  if (!who) return true;
  const result = spawnSync('test', ['-x', dir, '-a', '-r', dir], { uid: who.uid, gid: who.gid, stdio: 'ignore', cwd: '/' });
  return result.status === 0;
}

/** Whether `who` can execute `binary` (every folder above it must be enterable). */
export function canExecute(who: RunAs | null, binary: string): boolean {
  if (!who) return true;
  const result = spawnSync(binary, ['--version'], { uid: who.uid, gid: who.gid, stdio: 'ignore', cwd: '/' });
  return result.error === undefined && result.status === 0;
}
