// --server-workers 2 on a real process: both workers serve the one port (told apart by their connections'
// application_name), a NOTIFY reload reaches every worker, the JWKS is fetched once for all, /metrics sums the
// workers, /schema_cache is a worker's, a port another process holds is an error, and SIGTERM drains and exits 0.
import http from 'node:http';
import net from 'node:net';
import t from 'tap';
import { jwksOf, makeKey, sign, startJwksServer, type TestKey } from '../auth/fixtures.ts';
import { adminPort, listeningPort, startApiProcess } from '../helpers/api-process.ts';
import { parsePrometheusText } from '../helpers/prometheus-text.ts';
import { createTestDatabase } from '../helpers/test-db.ts';
import { nodeHttpSharesPorts } from '../../src/workers/worker-count.ts';

const WORKER_NAMES = ['pg-data-api worker 1', 'pg-data-api worker 2'];
/** Under TEST_ENGINE=node where node:http cannot share a port, the workers run on uWebSockets.js (that case has its own test below). */
const ENGINE = process.env.TEST_ENGINE === 'node' && !nodeHttpSharesPorts() ? ['--server-engine', 'uws'] : [];

const db = await createTestDatabase();
t.teardown(() => db.drop());
await db.admin.runScript(`
  alter event trigger pgrst_watch disable;
  create function test.worker_name() returns text language sql stable as $$ select current_setting('application_name') $$;
  grant execute on function test.worker_name() to anonymous, authenticated;
  create function test.slow_answer() returns text language sql as $$ select 'finished after ' || pg_sleep(1)::text || '1 s' $$;
  grant execute on function test.slow_answer() to anonymous;`);

const key = await makeKey('RS256', 'workers-key');
const jwks = await startJwksServer(jwksOf(key));
t.teardown(() => jwks.close());

const api = startApiProcess([
  ...['--db-uri', db.uri, '--db-schemas', 'test', '--server-port', '0', '--admin-server-port', '0'],
  ...['--server-workers', '2', '--db-pool', '3', '--jwks-url', jwks.url, ...ENGINE],
]);
t.teardown(() => api.kill());
await api.waitFor(/ready in \d+ ms/);
const port = listeningPort(api.output);
const admin = `http://127.0.0.1:${adminPort(api.output)}`;

/** Requests this file sent to the API port (what /metrics must count). */
let sent = 0;
/** Each request on a new connection: SO_REUSEPORT picks a worker per connection. */
function request(method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  sent++;
  return new Promise((resolve, reject) => {
    http
      .request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      })
      .on('error', reject)
      .end();
  });
}
const get = (path: string, headers: Record<string, string> = {}) => request('GET', path, headers);
/** A token valid now (the fixtures' sign() uses a frozen clock). */
const bearer = async (signer: TestKey, sub: string) => {
  const now = Math.floor(Date.now() / 1000);
  return { authorization: `Bearer ${await sign(signer, { sub, iat: now, exp: now + 600 })}` };
};

/** Asks on new connections until every worker has answered (or `attempts` run out); returns the answers by worker. */
async function askEveryWorker(path: string, headers: Record<string, string> = {}, attempts = 60): Promise<Map<string, number[]>> {
  const byWorker = new Map<string, number[]>();
  for (let i = 0; i < attempts && byWorker.size < WORKER_NAMES.length; i++) {
    const res = await get(path, headers);
    const name = res.status === 200 ? (JSON.parse(res.body) as string) : `status ${res.status}: ${res.body}`;
    byWorker.set(name, [...(byWorker.get(name) ?? []), res.status]);
  }
  return byWorker;
}

t.test('the start-up line is printed once and names the workers', async (t) => {
  t.match(api.output, /ready in \d+ ms: .*listening on http:\/\/127\.0\.0\.1:\d+; admin server on http:\/\/127\.0\.0\.1:\d+; 2 workers\n/);
  t.equal(api.output.match(/ready in \d+ ms/g)!.length, 1);
  t.equal((await fetch(`${admin}/ready`)).status, 200, '/ready: every worker listens');
});

/** /schema_cache: the main thread builds no cache of its own, so this is a worker's. */
const schemaCache = async () =>
  (await (await fetch(`${admin}/schema_cache`)).json()) as { schemas: string[]; tables: Array<{ name: string }>; routines: Array<{ name: string }> };

t.test("/schema_cache and the start-up line's counts come from the workers' caches", async (t) => {
  const cache = await schemaCache();
  t.same(cache.schemas, ['test']);
  t.ok(cache.tables.some((table) => table.name === 'items'));
  t.ok(cache.routines.some((routine) => routine.name === 'worker_name'));
  const [, relations, functions] = /; (\d+) relations, (\d+) functions;/.exec(api.output)!;
  t.equal(Number(relations), cache.tables.length, 'relations');
  t.equal(Number(functions), cache.routines.length, 'functions');
});

t.test('requests are served by both workers, each with its own pool', async (t) => {
  const byWorker = await askEveryWorker('/rpc/worker_name');
  t.same([...byWorker.keys()].sort(), WORKER_NAMES);
  const [row] = await db.admin.query(
    `select count(distinct application_name)::int as workers from pg_stat_activity where datname = current_database() and application_name like 'pg-data-api worker %'`,
  );
  t.equal(row!.workers, 2, 'two sets of connections in pg_stat_activity');
});

t.test("NOTIFY pgrst, 'reload schema' reaches every worker", async (t) => {
  await db.admin.runScript(`
    create table test.fresh (id int); insert into test.fresh values (1); grant select on test.fresh to anonymous;
    create function test.fresh_worker() returns text language sql stable as $$ select current_setting('application_name') from test.fresh $$;
    grant execute on function test.fresh_worker() to anonymous;`);
  for (let i = 0; i < 6; i++) t.equal((await get('/rpc/fresh_worker')).status, 404, 'unknown before the reload');
  await db.admin.runScript("notify pgrst, 'reload schema'");
  await api.waitFor(/schema cache reloaded \(NOTIFY pgrst, 'reload schema'\)/);
  let byWorker = new Map<string, number[]>();
  for (let round = 0; round < 20; round++) {
    byWorker = await askEveryWorker('/rpc/fresh_worker');
    if ([...byWorker.keys()].every((name) => WORKER_NAMES.includes(name)) && byWorker.size === 2) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  t.same([...byWorker.keys()].sort(), WORKER_NAMES, 'both workers know the new function');
  for (let i = 0; i < 10; i++) t.equal((await get('/fresh')).status, 200);
  const cache = await schemaCache();
  t.ok(
    cache.tables.some((table) => table.name === 'fresh'),
    '/schema_cache shows the reloaded cache',
  );
});

t.test('tokens verify on both workers; the JWKS is fetched once, by the main thread', async (t) => {
  const byWorker = await askEveryWorker('/rpc/worker_name', await bearer(key, 'ada'));
  t.same([...byWorker.keys()].sort(), WORKER_NAMES);
  // An unknown kid within the cooldown: no worker makes the main thread fetch again.
  const stranger = await makeKey('RS256', 'unknown-kid');
  const unknown = await bearer(stranger, 'eve');
  for (let i = 0; i < 10; i++) t.equal((await get('/rpc/worker_name', unknown)).status, 401, 'an unknown kid is refused');
  t.equal(jwks.state.requests, 1, 'one JWKS fetch for the whole process');
  const metrics = parsePrometheusText(await (await fetch(`${admin}/metrics`)).text());
  t.equal(metrics.get('pgrst_jwks_fetches_total')!.samples.find((s) => s.labels.status === 'SUCCESS')?.value, 1);
});

t.test('/metrics sums the workers: requests, pool, token cache', async (t) => {
  const metrics = parsePrometheusText(await (await fetch(`${admin}/metrics`)).text());
  const requests = metrics.get('pgrst_http_requests_total')!.samples.reduce((sum, s) => sum + s.value, 0);
  t.equal(requests, sent, 'every request sent, whichever worker answered it');
  const count = metrics.get('pgrst_http_request_duration_seconds')!.samples.filter((s) => s.name.endsWith('_count'));
  t.equal(
    count.reduce((sum, s) => sum + s.value, 0),
    sent,
    'the latency histogram too',
  );
  t.equal(metrics.get('pgrst_db_pool_max')!.samples[0]!.value, 4, 'db-pool 3 over 2 workers: 2 connections each');
  t.equal(metrics.get('pgrst_jwt_cache_entries')!.samples[0]!.value, 2, 'the one token, cached by each worker');
});

t.test('a port another process holds is an error, for workers too', async (t) => {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => holder.close(() => resolve())));
  const held = (holder.address() as net.AddressInfo).port;
  for (const busy of [held, port]) {
    const second = startApiProcess(['--db-uri', db.uri, '--db-schemas', 'test', '--server-port', String(busy), '--server-workers', '2', ...ENGINE]);
    t.teardown(() => second.kill());
    t.equal(await second.exited, 1, busy === port ? 'the port of a running pg-data-api with workers' : 'a port a plain listener holds');
    t.match(second.output, /failed to start: Could not listen on 127\.0\.0\.1:\d+: the address is in use/);
  }
  t.equal((await get('/rpc/worker_name')).status, 200, 'the running instance still answers');
});

t.test('--server-workers 1 keeps one thread, as before', async (t) => {
  const single = startApiProcess(['--db-uri', db.uri, '--db-schemas', 'test', '--server-port', '0', '--server-workers', '1']);
  t.teardown(() => single.kill());
  await single.waitFor(/ready in \d+ ms/);
  t.notMatch(single.output, /workers/);
  const res = await fetch(`http://127.0.0.1:${listeningPort(single.output)}/rpc/worker_name`);
  t.equal(await res.text(), '"pg-data-api"', 'served by the main thread with its own pool');
  single.kill('SIGTERM');
  t.equal(await single.exited, 0);
});

t.test(
  'node:http without listen({ reusePort }) runs 1 worker and says why',
  { skip: nodeHttpSharesPorts() && 'this Node shares ports on node:http' },
  async (t) => {
    const node = startApiProcess(['--db-uri', db.uri, '--db-schemas', 'test', '--server-port', '0', '--server-workers', '2', '--server-engine', 'node']);
    t.teardown(() => node.kill());
    await node.waitFor(/ready in \d+ ms/);
    t.match(node.output, /server-workers 2: the node:http engine shares a port between threads only on Node ≥ 22\.12 .*running 1 worker/);
    t.notMatch(node.output, /; \d+ workers/);
    t.equal((await fetch(`http://127.0.0.1:${listeningPort(node.output)}/rpc/worker_name`)).status, 200);
  },
);

t.test('a second SIGTERM exits 1 at once, the workers closing their listeners first (no abort)', async (t) => {
  const other = startApiProcess(['--db-uri', db.uri, '--db-schemas', 'test', '--server-port', '0', '--server-workers', '2', ...ENGINE]);
  t.teardown(() => other.kill());
  await other.waitFor(/ready in \d+ ms/);
  const slow = fetch(`http://127.0.0.1:${listeningPort(other.output)}/rpc/slow_answer`, { method: 'POST' }).catch(() => null);
  await new Promise((r) => setTimeout(r, 300));
  other.child.kill('SIGTERM');
  await other.waitFor(/SIGTERM received: shutting down/);
  other.child.kill('SIGTERM');
  t.equal(await other.exited, 1);
  t.equal(other.child.signalCode, null, 'not killed by a signal (SIGABRT)');
  await slow;
});

t.test('SIGTERM: requests in flight finish, every worker drains, exit code 0', async (t) => {
  const inFlight = [0, 1, 2, 3].map(() => request('POST', '/rpc/slow_answer'));
  await new Promise((r) => setTimeout(r, 300));
  api.child.kill('SIGTERM');
  const answers = await Promise.all(inFlight);
  for (const answer of answers) t.same(answer, { status: 200, body: '"finished after 1 s"' });
  t.equal(await api.exited, 0, 'exit code 0');
  t.match(api.output, /stopped/);
  await t.rejects(get('/rpc/worker_name'), 'the port is closed afterwards');
});
