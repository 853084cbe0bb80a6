// The pool through the whole pipeline, on either executor (TEST_DB_EXECUTOR): slow calls do not stall fast
// requests, an exhausted pool is 504 PGRST003 after db-pool-acquisition-timeout, stats() tells the truth.
import t from 'tap';
import type { PoolStats } from '../../src/db/executor.ts';
import { startTestApp } from '../helpers/test-app.ts';

const app = await startTestApp({ 'db-pool': '3', 'db-pool-acquisition-timeout': '1' });
t.teardown(() => app.close());
const stats = (): PoolStats => app.db.executor.stats!();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

t.test('fast requests answer in milliseconds while db-pool - 1 slow calls run', async (t) => {
  await Promise.all([app.request('GET', '/items?id=eq.1'), app.request('GET', '/items?id=eq.2'), app.request('GET', '/items?id=eq.3')]);
  const slow = [app.request('GET', '/rpc/slow_ro?s=2.5'), app.request('GET', '/rpc/slow_ro?s=2.5')];
  await sleep(300);
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const started = Date.now();
    const res = await app.request('GET', '/items?select=id&id=eq.1');
    times.push(Date.now() - started);
    t.equal(res.status, 200);
    t.same(res.json(), [{ id: 1 }]);
  }
  t.ok(Math.max(...times) < 500, `fast requests: max ${Math.max(...times)} ms while two 2.5 s calls run`);
  t.match(stats(), { max: 3, busy: 2 }, 'the slow calls hold two connections');
  for (const res of await Promise.all(slow)) t.equal(res.status, 200);
});

t.test('an exhausted pool: 504 PGRST003 after the acquisition timeout, counted in stats', async (t) => {
  const before = stats().acquisitionTimeouts;
  const slow = Array.from({ length: 3 }, () => app.request('GET', '/rpc/slow_ro?s=2.5'));
  await sleep(300);
  const started = Date.now();
  const pending = app.request('GET', '/items?id=eq.1');
  await sleep(200);
  t.match(stats(), { max: 3, open: 3, busy: 3, waiting: 1 });
  const res = await pending;
  const elapsed = Date.now() - started;
  t.equal(res.status, 504);
  t.same(res.json(), { code: 'PGRST003', message: 'Timed out acquiring connection from connection pool.', details: null, hint: null });
  t.ok(elapsed >= 900 && elapsed < 2200, `after ${elapsed} ms (timeout 1 s; the slow calls take 2.5 s)`);
  t.equal(stats().acquisitionTimeouts, before + 1);
  for (const r of await Promise.all(slow)) t.equal(r.status, 200);
  t.equal((await app.request('GET', '/items?id=eq.1')).status, 200, 'served again once a connection is free');
  t.match(stats(), { busy: 0, waiting: 0 });
});
