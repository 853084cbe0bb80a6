// Large results: reading grows linearly with the size, and a client that hangs up mid-way stalls nobody else.
import t from 'tap';
import { handle } from '../../src/app.ts';
import { startServer } from '../../src/http/server.ts';
import { startTestApp } from '../helpers/test-app.ts';
import { testEngine } from '../helpers/test-server.ts';

const app = await startTestApp({ 'db-pool': '2' });
t.teardown(() => app.close());

/** The best of two runs (the machine is shared): ms for a GET of n generated rows, and the body size. */
async function readRows(n: number): Promise<{ ms: number; bytes: number }> {
  let best = Infinity;
  let bytes = 0;
  for (let run = 0; run < 2; run++) {
    const started = Date.now();
    const res = await app.request('GET', `/rpc/many?n=${n}`);
    best = Math.min(best, Date.now() - started);
    t.equal(res.status, 200);
    bytes = res.body.length;
    t.ok(res.body.endsWith(`"label":"label ${n}"}]`), `all ${n} rows arrived`);
  }
  return { ms: best, bytes };
}

t.test('4× the rows takes about 4× the time (quadratic assembly would be 16×)', async (t) => {
  await readRows(50_000); // warm-up
  const small = await readRows(200_000);
  const large = await readRows(800_000);
  const ratio = large.ms / small.ms;
  t.comment(
    `200k rows (${(small.bytes / 1e6).toFixed(1)} MB): ${small.ms} ms; 800k rows (${(large.bytes / 1e6).toFixed(1)} MB): ${large.ms} ms; ratio ${ratio.toFixed(2)}`,
  );
  t.ok(ratio < 8, `ratio ${ratio.toFixed(2)} (linear 4, quadratic 16)`);
});

t.test('a client that disconnects during a million-row read stalls no other request', async (t) => {
  const server = await startServer((raw) => handle(raw, app.deps), { host: '127.0.0.1', port: 0, maxBodyBytes: 1024, engine: testEngine() });
  t.teardown(() => server.close());
  const base = `http://127.0.0.1:${server.port}`;
  const controller = new AbortController();
  const big = fetch(`${base}/rpc/many?n=1000000`, { signal: controller.signal })
    .then((r) => r.text())
    .catch((e: Error) => e.name);
  await new Promise((r) => setTimeout(r, 150));
  const times: number[] = [];
  const fast = async () => {
    const started = Date.now();
    const res = await fetch(`${base}/items?select=id&id=eq.1`);
    t.same(await res.json(), [{ id: 1 }]);
    times.push(Date.now() - started);
  };
  for (let i = 0; i < 5; i++) await fast();
  controller.abort();
  t.equal(await big, 'AbortError');
  for (let i = 0; i < 5; i++) await fast();
  t.ok(Math.max(...times) < 1000, `fast requests during and after the abandoned read: max ${Math.max(...times)} ms`);
  // The abandoned statement is cancelled (or finishes), and its connection serves again.
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && app.db.executor.stats!().busy > 0) await new Promise((r) => setTimeout(r, 50));
  t.equal(app.db.executor.stats!().busy, 0, 'no connection is left busy');
  const both = await Promise.all([fetch(`${base}/items?select=id&id=eq.1`), fetch(`${base}/items?select=id&id=eq.2`)]);
  t.same(await Promise.all(both.map((r) => r.json())), [[{ id: 1 }], [{ id: 2 }]], 'both connections answer');
});
