// The pipeline executor's pool on a real PostgreSQL: isolation from slow statements, FIFO waiting, 504 after the
// acquisition timeout, overflow pipelining only behind young work, idle/lifetime closing, stats.
import t from 'tap';
import { createPipelineExecutor } from '../../src/db/pipeline/pipeline-executor.ts';
import { ApiError } from '../../src/errors/api-error.ts';
import { param, sql, toStatement, type Statement } from '../../src/query/fragment.ts';
import { createTestDatabase } from '../helpers/test-db.ts';

const db = await createTestDatabase();
t.teardown(() => db.drop());
const stmt = (text: string, ...values: unknown[]): Statement => {
  const parts = text.split('?');
  return toStatement(sql(Object.assign([...parts], { raw: parts }) as unknown as TemplateStringsArray, ...values.map((v) => param(v))));
};
const mainRow = (rows: Array<Record<string, unknown> | undefined>) => rows[rows.length - 1] ?? {};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const read = (text: string, ...values: unknown[]) => ({ readOnly: true, statements: [stmt(text, ...values)] });
/** Opens `n` connections, so the statements that follow start at once instead of after connecting. */
const warm = (ex: { run: (spec: ReturnType<typeof read>) => Promise<unknown> }, n: number) =>
  Promise.all(Array.from({ length: n }, () => ex.run(read('SELECT pg_sleep(0.05)'))));
const timed = async <T>(run: () => Promise<T>): Promise<{ ms: number; value: T | Error }> => {
  const started = Date.now();
  const value = await run().catch((e: Error) => e);
  return { ms: Date.now() - started, value };
};

t.test('fast requests keep answering in milliseconds while db-pool - 1 slow statements run', async (t) => {
  const ex = createPipelineExecutor(db.uri, { maxConnections: 4 });
  t.teardown(() => ex.close());
  await warm(ex, 4);
  const slow = Array.from({ length: 3 }, () => ex.run(read('SELECT pg_sleep(3), 1 AS n')));
  await sleep(200);
  t.equal(ex.stats().busy, 3, 'each slow statement has a connection of its own');
  const fast: number[] = [];
  for (let i = 0; i < 20; i++) {
    const { ms, value } = await timed(() => ex.run(read('SELECT ?::int AS n', String(i))));
    t.same(value instanceof Error ? value.message : mainRow(value), { n: i });
    fast.push(ms);
  }
  // Bursts too: ten at once share the free connection (pipelined behind young work), never a slow one.
  const burst = await timed(() => Promise.all(Array.from({ length: 10 }, (_, i) => ex.run(read('SELECT ?::int AS n', String(i))))));
  t.ok(Math.max(...fast) < 500, `sequential fast requests: max ${Math.max(...fast)} ms while the slow ones take 3 s`);
  t.ok(burst.ms < 500, `a burst of 10: ${burst.ms} ms`);
  t.equal(ex.stats().open, 4, 'never more than db-pool connections');
  await Promise.all(slow);
});

t.test('an exhausted pool answers 504 PGRST003 after the acquisition timeout, in FIFO order, and counts it', async (t) => {
  const ex = createPipelineExecutor(db.uri, { maxConnections: 2, acquisitionTimeoutSeconds: 1 });
  t.teardown(() => ex.close());
  await warm(ex, 2);
  const slow = [ex.run(read('SELECT pg_sleep(2.5)')), ex.run(read('SELECT pg_sleep(2.5)'))];
  await sleep(200);
  const waiting = Array.from({ length: 3 }, () => timed(() => ex.run(read('SELECT 1 AS n'))));
  await sleep(100);
  t.same({ ...ex.stats(), open: ex.stats().open }, { max: 2, open: 2, busy: 2, waiting: 3, acquisitionTimeouts: 0, prepared: ex.stats().prepared });
  for (const { ms, value } of await Promise.all(waiting)) {
    t.ok(value instanceof ApiError, 'an ApiError');
    const error = value as ApiError;
    t.same(
      { status: error.status, ...error.toBody() },
      { status: 504, code: 'PGRST003', message: 'Timed out acquiring connection from connection pool.', details: null, hint: null },
    );
    t.ok(ms >= 900 && ms < 2000, `gave up after ${ms} ms (timeout 1 s), not when the slow statements ended`);
  }
  t.equal(ex.stats().acquisitionTimeouts, 3);
  t.equal(ex.stats().waiting, 0);
  await Promise.all(slow);
  t.same(mainRow(await ex.run(read('SELECT 2 AS n'))), { n: 2 }, 'the pool serves again once connections are free');

  // Waiters are served first come, first served. (Their shape is run first, so it is known fast and the waiters
  // are pipelined onto the first free connection in order: completion order then shows service order.)
  await ex.run(read('SELECT ?::int AS n', '0'));
  const blocker = ex.run(read('SELECT pg_sleep(0.4)'));
  const blocker2 = ex.run(read('SELECT pg_sleep(0.4)'));
  await sleep(50);
  const order: number[] = [];
  const queued = Array.from({ length: 6 }, (_, i) => ex.run(read('SELECT ?::int AS n', String(i))).then(() => order.push(i)));
  await Promise.all([blocker, blocker2, ...queued]);
  t.same(order, [0, 1, 2, 3, 4, 5], 'FIFO');
});

t.test('overflow pipelining only behind young work: a request that has run a while closes its connection to newcomers', async (t) => {
  const ex = createPipelineExecutor(db.uri, { maxConnections: 1, acquisitionTimeoutSeconds: 5 });
  t.teardown(() => ex.close());
  await ex.run(read('SELECT 1'));
  // Issued together: the second is pipelined behind the first while it is young.
  const [a, b] = await Promise.all([timed(() => ex.run(read('SELECT 1 AS n'))), timed(() => ex.run(read('SELECT 2 AS n')))]);
  t.same([mainRow(a.value as never), mainRow(b.value as never)], [{ n: 1 }, { n: 2 }]);
  // Once the head has run for a while, a newcomer waits in the central queue instead of behind it …
  const slow = ex.run(read('SELECT pg_sleep(0.6)'));
  await sleep(150);
  const late = ex.run(read('SELECT 3 AS n'));
  await sleep(50);
  t.equal(ex.stats().waiting, 1, 'the late request waits in the central queue, not on the busy connection');
  await slow;
  t.same(mainRow(await late), { n: 3 }, 'and is served as soon as the connection is free');
});

t.test('a young head is pipelined behind only when its shape is known to run fast', async (t) => {
  // Young and known-fast mean under 100 ms here, so a loaded test machine cannot make the fast shape look slow;
  // the slow shape (400 ms) is still well past it.
  const ex = createPipelineExecutor(db.uri, { maxConnections: 1, acquisitionTimeoutSeconds: 5, pipelineYoungMs: 100 });
  t.teardown(() => ex.close());
  const fast = (n: number) => ex.run(read('SELECT ?::int AS n', String(n)));
  const slow = () => ex.run(read('SELECT pg_sleep(0.4), 1 AS n'));
  for (let i = 0; i < 3; i++) await fast(0); // the first run parses, and may be slow on a loaded machine
  await slow(); // both shapes have now run: one fast, one slow

  // Issued in the same turn, so the head is as young as it can be: behind a known-fast shape a newcomer is pipelined …
  const pipelined = [fast(1), fast(2)];
  t.equal(ex.stats().waiting, 0, 'the second fast request was pipelined behind the first');
  t.same((await Promise.all(pipelined)).map(mainRow), [{ n: 1 }, { n: 2 }]);

  // … behind a shape seen slow it waits in the central queue, even though the slow one started a moment ago.
  const head = slow();
  const behind = fast(3);
  t.equal(ex.stats().waiting, 1, 'the fast request waits in the central queue, not behind the young slow one');
  await head;
  t.same(mainRow(await behind), { n: 3 });

  // A shape never seen before is treated like a slow one: it may be a report.
  const unknown = ex.run(read('SELECT pg_sleep(0.1), 2 AS n'));
  const afterUnknown = fast(4);
  t.equal(ex.stats().waiting, 1, 'nothing is pipelined behind a first-seen shape');
  await Promise.all([unknown, afterUnknown]);
});

t.test('a request waiting for a connection is dropped when its client goes away', async (t) => {
  const ex = createPipelineExecutor(db.uri, { maxConnections: 1 });
  t.teardown(() => ex.close());
  await warm(ex, 1);
  const slow = ex.run(read('SELECT pg_sleep(0.8)'));
  await sleep(200);
  const controller = new AbortController();
  const waiting = timed(() => ex.run({ ...read('SELECT 1'), signal: controller.signal }));
  await sleep(50);
  t.equal(ex.stats().waiting, 1);
  controller.abort();
  const { ms, value } = await waiting;
  t.equal((value as { sqlState?: string }).sqlState, '57014');
  t.ok(ms < 400, `dropped at once (${ms} ms)`);
  t.equal(ex.stats().waiting, 0);
  await slow;
});

t.test('idle connections close after db-pool-max-idletime; old ones are replaced after db-pool-max-lifetime', async (t) => {
  const idle = createPipelineExecutor(db.uri, { maxConnections: 3, maxIdleSeconds: 1 });
  t.teardown(() => idle.close());
  await Promise.all(Array.from({ length: 3 }, () => idle.run(read('SELECT pg_sleep(0.1)'))));
  t.equal(idle.stats().open, 3);
  await sleep(2600);
  t.equal(idle.stats().open, 0, 'all closed after being idle for a second');
  t.same(mainRow(await idle.run(read('SELECT 5 AS n'))), { n: 5 }, 'and reopened on demand');

  const aging = createPipelineExecutor(db.uri, { maxConnections: 1, maxLifetimeSeconds: 1 });
  t.teardown(() => aging.close());
  const pid = async () => mainRow(await aging.run(read('SELECT pg_backend_pid() AS pid'))).pid;
  const first = await pid();
  // A connection past its lifetime finishes its running request first.
  const running = aging.run(read('SELECT pg_sleep(1.5), pg_backend_pid() AS pid'));
  t.equal(mainRow(await running).pid, first, 'the running request was not cut off');
  await sleep(1200);
  t.not(await pid(), first, 'a new connection replaced the one past its lifetime');
  const backends = await db.admin.query(
    "select count(*)::int as n from pg_stat_activity where usename = 'pgdataapi_test_authenticator' and datname = current_database()",
  );
  t.ok((backends[0]!.n as number) <= 1, `the old backend is gone (${backends[0]!.n} open)`);
});

t.test('many more requests than connections: never more than db-pool connections, all answered', async (t) => {
  const ex = createPipelineExecutor(db.uri, { maxConnections: 3 });
  t.teardown(() => ex.close());
  let peak = 0;
  const watch = setInterval(() => (peak = Math.max(peak, ex.stats().open)), 5);
  const rows = await Promise.all(Array.from({ length: 300 }, (_, i) => ex.run(read('SELECT ?::int AS n, pg_sleep(0.001)', String(i)))));
  clearInterval(watch);
  rows.forEach((r, i) => t.equal(mainRow(r).n, i));
  t.ok(peak <= 3, `peak ${peak} open connections`);
  t.equal(ex.stats().waiting, 0);
});
