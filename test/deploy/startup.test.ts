// Start-up behaviour of the real entry point: the HTTP engine line, and retrying an unreachable database.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import t from 'tap';

const root = path.resolve(import.meta.dirname, '..', '..');

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs src/main.ts until stderr matches every pattern (or times out), then stops it. */
async function startupOutput(env: Record<string, string>, args: string[], patterns: RegExp[]): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'main.ts'), ...args], { cwd: root, env: { ...process.env, ...env } });
  let output = '';
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve(output);
    };
    const timer = setTimeout(finish, 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (patterns.every((p) => p.test(output))) finish();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', finish);
  });
}

/** Milliseconds at which each "database not reachable (attempt N)" line was logged, in order. */
const attemptTimes = (output: string): number[] => [...output.matchAll(/^(\S+) NOTICE database not reachable \(attempt \d+\)/gm)].map((m) => Date.parse(m[1]!));

t.test('an unreachable database is retried with backoff, each attempt logged, and the node:http engine is announced loudly', async (t) => {
  const port = await closedPort();
  // A 50 ms first delay instead of 1 s (PGDATAAPI_TEST_CONNECT_RETRY_MS, read by src/setup/connect-with-retry.ts).
  const output = await startupOutput(
    { PGDATAAPI_TEST_CONNECT_RETRY_MS: '50' },
    ['--db-uri', `postgres://nobody:secret-password@127.0.0.1:${port}/x`, '--server-port', '0', '--server-engine', 'node'],
    [/HTTP engine/, /attempt 3/],
  );
  t.match(output, /!! HTTP engine: node:http \(chosen by --server-engine node\)/);
  t.match(output, /database not reachable \(attempt 1\).*retrying in 50ms/);
  t.match(output, /database not reachable \(attempt 2\).*retrying in 100ms/);
  t.match(output, /database not reachable \(attempt 3\).*retrying in 200ms/);
  const [first, second, third] = attemptTimes(output);
  // Log timestamps have millisecond resolution; a timer never fires early by more than that.
  t.ok(second! - first! >= 49, `waited ${second! - first!} ms after attempt 1 (50 ms backoff)`);
  t.ok(third! - second! >= 99, `waited ${third! - second!} ms after attempt 2 (100 ms backoff)`);
  t.notMatch(output, /secret-password/, 'the password never appears in logs');
});

t.test("the uWS package's JavaScript shim is never used: UWS_USE_FALLBACK does not reach it", async (t) => {
  const port = await closedPort();
  const output = await startupOutput(
    { UWS_USE_FALLBACK: '1' },
    ['--db-uri', `postgres://nobody:x@127.0.0.1:${port}/x`, '--server-port', '0'],
    [/HTTP engine/, /attempt 1/],
  );
  t.notMatch(output, /fallback implementation/i);
  t.match(output, /HTTP engine: (uWebSockets\.js \(native\) from |node:http, because no native uWebSockets\.js binary loads)/);
});

t.test('--server-engine uws without a loadable binary stops start-up; with one, it is used', async (t) => {
  const { loadNativeUws } = await import('../../src/http/uws.ts');
  const port = await closedPort();
  const output = await startupOutput(
    {},
    ['--db-uri', `postgres://nobody:x@127.0.0.1:${port}/x`, '--server-port', '0', '--server-engine', 'uws'],
    [/HTTP engine|failed to start/],
  );
  if (loadNativeUws().uws) t.match(output, /HTTP engine: uWebSockets\.js \(native\)/);
  else t.match(output, /failed to start: --server-engine uws: no native uWebSockets\.js binary loads/);
});

t.test('invalid configuration stops start-up with one message naming the setting', async (t) => {
  const output = await startupOutput({}, ['--db-pool', 'lots'], [/Invalid configuration/]);
  t.match(output, /Invalid configuration for --db-pool: expected an integer/);
});

t.test('against an installed database, the authenticator role starts quietly and serves', async (t) => {
  const { createTestDatabase } = await import('../helpers/test-db.ts');
  const db = await createTestDatabase();
  t.teardown(() => db.drop());
  const output = await startupOutput({}, ['--db-uri', db.uri, '--db-schemas', 'test', '--server-port', '0'], [/ready in \d+ ms/]);
  t.match(output, /already installed/);
  t.notMatch(output, /not allowed to apply/);
  t.match(output, /ready in \d+ ms: schemas test; \d+ relations, \d+ functions; HTTP engine uWebSockets\.js \(native\)/);
  t.notMatch(output, /test-authenticator-password/, 'the connection password is not logged');
});
