// Runs one PostgreSQL cluster from the embedded binaries: initdb once, then the server as a child process, stopped on exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PostgresBinaries } from './postgres-binaries.ts';
import type { RunAs } from './postgres-user.ts';

export interface ClusterSpec {
  binaries: PostgresBinaries;
  dataDir: string;
  runAs: RunAs | null;
  superuser: string;
  password: string;
  authMethod: 'scram-sha-256' | 'md5' | 'password';
  port: number;
  flags: string[];
  ownProcessGroup: boolean;
}

/** Server messages must be English: readiness is detected by their text. */
const PROCESS_ENV = { ...process.env, LC_MESSAGES: 'C' };
const KEPT_LOG_LINES = 50;
const STOP_TIMEOUT_MS = 15_000;

/** What a spawned binary was told, as one clear sentence when it cannot even start (EACCES, ENOENT …). */
const spawnFailure = (binary: string, error: NodeJS.ErrnoException, runAs: RunAs | null): Error =>
  new Error(`cannot run ${binary}${runAs ? ` as user ${runAs.name}` : ''}: ${error.code ?? error.message}`);

function runToEnd(binary: string, args: string[], spec: ClusterSpec): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { ...ids(spec.runAs), cwd: path.dirname(spec.dataDir), env: PROCESS_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', (error) => reject(spawnFailure(binary, error, spec.runAs)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(binary)} failed (exit ${code}):\n${output.trim()}`))));
  });
}

const ids = (runAs: RunAs | null) => (runAs ? { uid: runAs.uid, gid: runAs.gid } : {});

/** initdb with the superuser password in a private file (0600, owned by the server's user) that is removed right after. */
export async function initialiseCluster(spec: ClusterSpec): Promise<void> {
  await mkdir(spec.dataDir, { recursive: true, mode: 0o700 });
  const secretDir = await mkdtemp(path.join(path.dirname(spec.dataDir), '.initdb-'));
  const passwordFile = path.join(secretDir, 'password');
  try {
    await writeFile(passwordFile, spec.password + '\n', { mode: 0o600 });
    if (spec.runAs) {
      for (const target of [spec.dataDir, secretDir, passwordFile]) await chown(target, spec.runAs.uid, spec.runAs.gid);
    }
    await runToEnd(
      spec.binaries.initdb,
      [`--pgdata=${spec.dataDir}`, `--auth=${spec.authMethod}`, `--username=${spec.superuser}`, `--pwfile=${passwordFile}`, '--lc-messages=C'],
      spec,
    );
  } finally {
    await rm(secretDir, { recursive: true, force: true });
  }
}

export class ClusterProcess {
  #child: ChildProcess | null = null;
  readonly #log: string[] = [];
  readonly #killOnExit = () => this.#child?.kill('SIGINT');

  constructor(private readonly spec: ClusterSpec) {}

  /** The server's last lines, for error messages. */
  get recentLog(): string {
    return this.#log.join('').trim();
  }

  start(): Promise<void> {
    const spec = this.spec;
    return new Promise((resolve, reject) => {
      const child = spawn(spec.binaries.postgres, ['-D', spec.dataDir, '-p', String(spec.port), ...spec.flags], {
        ...ids(spec.runAs),
        cwd: path.dirname(spec.dataDir),
        env: PROCESS_ENV,
        stdio: ['ignore', 'ignore', 'pipe'],
        detached: spec.ownProcessGroup,
      });
      this.#child = child;
      let started = false;
      // Keep reading stderr for the server's whole life: a full pipe would block its logging.
      child.stderr!.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        this.#log.push(text);
        if (this.#log.length > KEPT_LOG_LINES) this.#log.shift();
        if (!started && text.includes('database system is ready to accept connections')) {
          started = true;
          resolve();
        }
      });
      child.on('error', (error) => {
        this.#child = null;
        reject(spawnFailure(spec.binaries.postgres, error, spec.runAs));
      });
      child.on('exit', () => {
        process.off('exit', this.#killOnExit);
        if (this.#child === child) this.#child = null;
        if (!started) reject(new Error(`PostgreSQL exited during start-up:\n${this.recentLog}`));
      });
      // A crash of this process must not leave the server running.
      process.on('exit', this.#killOnExit);
    });
  }

  /** Fast shutdown (SIGINT: abort transactions, checkpoint, exit); SIGQUIT if it takes too long. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGQUIT'), STOP_TIMEOUT_MS);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGINT');
    });
  }
}
