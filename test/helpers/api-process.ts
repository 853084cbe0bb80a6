// Runs src/main.ts as a real process (signals, exit codes, stderr) and waits on what it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..', '..');
/** The TypeScript loader by absolute URL, so the process may run from any folder. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;

export interface ApiProcess {
  child: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  readonly output: string;
  /** Resolves with the output once it matches, rejects after timeoutMs or when the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (null if killed by a signal). */
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

export function startApiProcess(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): ApiProcess {
  const child = spawn(process.execPath, ['--import', TSX, path.join(root, 'src', 'main.ts'), ...args], {
    cwd: options.cwd ?? root,
    // TEST_ENGINE (npm run test:node-http) reaches the real process as its --server-engine.
    env: { ...process.env, ...(process.env.TEST_ENGINE ? { PGRST_SERVER_ENGINE: process.env.TEST_ENGINE } : {}), ...options.env },
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    get output() {
      return output;
    },
    exited,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(output)) return;
          done();
          resolve(output);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out waiting for ${pattern}; output:\n${output}`));
        }, timeoutMs);
        const onExit = () =>
          setTimeout(() => {
            if (!listeners.has(check)) return;
            done();
            if (pattern.test(output)) resolve(output);
            else reject(new Error(`process exited before ${pattern}; output:\n${output}`));
          }, 50);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.on('exit', onExit);
        check();
      });
    },
    kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The port the process printed in its ready line. */
export const listeningPort = (output: string): number => Number(/listening on http:\/\/[^:]+:(\d+)/.exec(output)![1]);
export const adminPort = (output: string): number => Number(/admin server on http:\/\/[^:]+:(\d+)/.exec(output)![1]);
