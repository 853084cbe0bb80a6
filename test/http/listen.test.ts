// Listening (issue 14 item 4): a busy port is an error on every engine (no silent SO_REUSEPORT sharing), a real process
// exits 1 saying so, and --server-unix-socket (+ mode) serves over a Unix socket, replacing a stale socket file.
import { spawn } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { selectEngine, type Engine } from '../../src/http/engine.ts';
import { startServer } from '../../src/http/server.ts';
import { loadNativeUws } from '../../src/http/uws.ts';
import { startApiProcess, freePort, listeningPort } from '../helpers/api-process.ts';
import { createTestDatabase } from '../helpers/test-db.ts';

const engines: Engine[] = [selectEngine('node')];
if (loadNativeUws().uws) engines.push(selectEngine('uws'));
const handler = async () => ({ status: 200, headers: [['Content-Type', 'text/plain']] as Array<[string, string]>, body: 'hello' });
const dir = await mkdtemp(path.join(os.tmpdir(), 'pg-data-api-listen-'));
t.teardown(() => rm(dir, { recursive: true, force: true }));

const getOverSocket = (socketPath: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    http
      .get({ socketPath, path: '/items' }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      })
      .on('error', reject);
  });

/** A socket file left behind by a process that died without cleaning up (SIGKILL). */
async function staleSocket(file: string): Promise<void> {
  const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(file)}, () => console.log('up'))`]);
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
}

for (const engine of engines) {
  t.test(engine.kind === 'uws' ? 'native uWebSockets.js' : 'node:http', async (t) => {
    await t.test('a port another process (or engine) listens on is refused with a clear error', async (t) => {
      for (const holderEngine of engines) {
        const holder = await startServer(handler, { host: '127.0.0.1', port: 0, maxBodyBytes: 1024, engine: holderEngine });
        await t.rejects(
          startServer(handler, { host: '127.0.0.1', port: holder.port, maxBodyBytes: 1024, engine }),
          /Could not listen on 127\.0\.0\.1:\d+: the address is in use/,
          `held by ${holderEngine.kind}`,
        );
        await holder.close(100);
      }
    });

    await t.test('--server-unix-socket serves over the socket with the given mode', async (t) => {
      const file = path.join(dir, `${engine.kind}-api.sock`);
      const server = await startServer(handler, { host: '127.0.0.1', port: 0, maxBodyBytes: 1024, engine, unixSocket: file, unixSocketMode: 0o660 });
      t.equal(statSync(file).mode & 0o777, 0o660);
      t.same(await getOverSocket(file), { status: 200, body: 'hello' });
      await t.rejects(startServer(handler, { host: '127.0.0.1', port: 0, maxBodyBytes: 1024, engine, unixSocket: file }), /in use by a running process/);
      await server.close(100);
    });

    await t.test('a stale socket file from a dead process is replaced; a regular file is not', async (t) => {
      const file = path.join(dir, `${engine.kind}-stale.sock`);
      await staleSocket(file);
      t.ok(statSync(file).isSocket(), 'the dead process left its socket file');
      const server = await startServer(handler, { host: '127.0.0.1', port: 0, maxBodyBytes: 1024, engine, unixSocket: file, unixSocketMode: 0o600 });
      t.same(await getOverSocket(file), { status: 200, body: 'hello' });
      t.equal(statSync(file).mode & 0o777, 0o600);
      await server.close(100);
      const plain = path.join(dir, `${engine.kind}-plain.txt`);
      writeFileSync(plain, 'keep me');
      await t.rejects(startServer(handler, { host: '127.0.0.1', port: 0, maxBodyBytes: 1024, engine, unixSocket: plain }), /exists and is not a socket/);
    });
  });
}

t.test('a second pg-data-api on the same port exits 1 with a clear message; the first keeps serving', async (t) => {
  const db = await createTestDatabase();
  t.teardown(() => db.drop());
  const port = await freePort();
  const args = ['--db-uri', db.uri, '--db-schemas', 'test', '--server-port', String(port)];
  const first = startApiProcess(args);
  t.teardown(() => first.kill());
  await first.waitFor(/ready in \d+ ms/);
  t.equal(listeningPort(first.output), port);
  const second = startApiProcess(args);
  t.teardown(() => second.kill());
  t.equal(await second.exited, 1);
  t.match(second.output, /failed to start: Could not listen on 127\.0\.0\.1:\d+: the address is in use/);
  const res = await fetch(`http://127.0.0.1:${port}/items?select=id&id=eq.1`);
  t.equal(res.status, 200, 'the first instance still answers');
});

t.test("the setting parses PostgREST's octal mode", async (t) => {
  const { buildConfig } = await import('../../src/config/config.ts');
  t.equal(buildConfig({ 'server-unix-socket-mode': '660' }).serverUnixSocketMode, 0o660);
  t.equal(buildConfig({}).serverUnixSocketMode, 0o660);
  t.throws(() => buildConfig({ 'server-unix-socket-mode': '999' }), /octal/);
});
