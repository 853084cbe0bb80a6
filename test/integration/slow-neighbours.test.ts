// Overflow pipelining never parks a fast request behind a slow one: with the pool (default 10) saturated by
// concurrent fast reads, two slow calls running over and over must not stall any of them (bench scenario 7).
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';

const app = await startTestApp();
t.teardown(() => app.close());

t.test('concurrent fast reads never wait behind repeated slow calls', async (t) => {
  const until = Date.now() + 4000;
  let slowCalls = 0;
  const slowLoop = async () => {
    while (Date.now() < until) {
      const res = await app.request('GET', '/rpc/slow_ro?s=2');
      t.equal(res.status, 200, 'slow call answered');
      slowCalls++;
    }
  };
  const latencies: number[] = [];
  const statuses = new Set<number>();
  const fastLoop = async (worker: number) => {
    while (Date.now() < until) {
      const started = Date.now();
      const res = await app.request('GET', `/items?select=id&id=eq.${(worker % 3) + 1}`);
      latencies.push(Date.now() - started);
      statuses.add(res.status);
    }
  };
  await Promise.all([slowLoop(), slowLoop(), ...Array.from({ length: 40 }, (_, i) => fastLoop(i))]);
  latencies.sort((a, b) => a - b);
  const max = latencies[latencies.length - 1]!;
  t.same([...statuses], [200], 'every fast read answered 200');
  t.ok(latencies.length > 200, `${latencies.length} fast reads completed`);
  t.ok(slowCalls >= 4, `${slowCalls} slow calls completed alongside`);
  // A read parked behind a slow call would take the rest of its 2 s; everything else takes milliseconds.
  t.ok(max < 1200, `slowest fast read ${max} ms (p99 ${latencies[Math.floor(latencies.length * 0.99)]} ms)`);
});
