// Starts Debian's PgBouncer in transaction mode in front of a test database (SCRAM to clients and to the server).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Bouncer {
  /** The URI through PgBouncer, for `user`/`password` on the test database. */
  uri: string;
  stop(): Promise<void>;
  log(): string;
}

const CANDIDATES = ['pgbouncer', '/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'];

export function findPgbouncer(): string | null {
  for (const candidate of CANDIDATES) if (spawnSync(candidate, ['--version']).status === 0) return candidate;
  return null;
}

export interface BouncerOptions {
  /** Direct URI of the database (host, port, database name). */
  target: string;
  user: string;
  password: string;
  /** Server connections per database/user pair. */
  poolSize: number;
}

export async function startPgbouncer(binary: string, options: BouncerOptions): Promise<Bouncer> {
  const target = new URL(options.target);
  const database = target.pathname.slice(1);
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-data-api-pgbouncer-'));
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  writeFileSync(path.join(dir, 'userlist.txt'), `${quote(options.user)} ${quote(options.password)}\n`);
  writeFileSync(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `${database} = host=${target.hostname} port=${target.port} dbname=${database}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = scram-sha-256',
      `auth_file = ${path.join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${options.poolSize}`,
      'max_client_conn = 500',
      'ignore_startup_parameters = extra_float_digits,options',
      `logfile = ${path.join(dir, 'pgbouncer.log')}`,
      `pidfile = ${path.join(dir, 'pgbouncer.pid')}`,
      '',
    ].join('\n'),
  );
  const args = [path.join(dir, 'pgbouncer.ini')];
  if (os.userInfo().uid === 0) {
    // PgBouncer refuses to run as root; run it as the postgres user (the embedded server's user as root).
    const uid = Number(spawnSync('id', ['-u', 'postgres']).stdout.toString().trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres']).stdout.toString().trim());
    chmodSync(dir, 0o700);
    for (const f of ['', 'userlist.txt', 'pgbouncer.ini']) chownSync(path.join(dir, f), uid, gid);
    args.unshift('-u', 'postgres');
  }
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const readLog = () => {
    try {
      return output + readFileSync(path.join(dir, 'pgbouncer.log'), 'utf8');
    } catch {
      return output;
    }
  };
  await waitForPort(port, child, readLog);
  const uri = new URL(options.target);
  uri.port = String(port);
  uri.username = encodeURIComponent(options.user);
  uri.password = encodeURIComponent(options.password);
  uri.searchParams.set('sslmode', 'disable');
  return {
    uri: uri.toString(),
    log: readLog,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited with ${child.exitCode}: ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`pgbouncer did not listen on ${port}: ${log()}`);
}
