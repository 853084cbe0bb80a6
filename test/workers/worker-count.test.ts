// How many server workers start, and each one's share of db-pool.
import t from 'tap';
import { DEFAULTS } from '../../src/config/defaults.ts';
import { countWorkers, nodeHttpSharesPorts, shareOut, tokenCacheShare } from '../../src/workers/worker-count.ts';

const tcp = { serverUnixSocket: null };

t.test('server-workers as set, on uWebSockets.js', async (t) => {
  t.same(countWorkers({ ...tcp, serverWorkers: 4 }, 'uws', '20.19.0'), { count: 4, notice: null });
  t.same(countWorkers({ ...tcp, serverWorkers: 1 }, 'uws', '20.19.0'), { count: 1, notice: null });
});

t.test('node:http shares a port only where listen({ reusePort }) exists (Node ≥ 22.12, 23.1)', async (t) => {
  for (const version of ['20.19.0', '22.11.0', '23.0.0']) {
    t.notOk(nodeHttpSharesPorts(version), version);
    const counted = countWorkers({ ...tcp, serverWorkers: 2 }, 'node', version);
    t.equal(counted.count, 1, version);
    t.match(counted.notice, /node:http engine shares a port between threads only on Node ≥ 22\.12 .*running 1 worker/);
  }
  for (const version of ['22.12.0', '23.1.0', '24.0.0', '25.2.1']) {
    t.ok(nodeHttpSharesPorts(version), version);
    t.same(countWorkers({ ...tcp, serverWorkers: 2 }, 'node', version), { count: 2, notice: null }, version);
  }
  t.same(countWorkers({ ...tcp, serverWorkers: 1 }, 'node', '20.19.0'), { count: 1, notice: null }, 'no notice when 1 was asked for');
});

t.test('a Unix socket is served by one thread', async (t) => {
  const counted = countWorkers({ serverUnixSocket: '/run/api.sock', serverWorkers: 8 }, 'uws', '24.0.0');
  t.equal(counted.count, 1);
  t.match(counted.notice, /Unix socket .*running 1 worker/);
});

t.test('each worker gets ceil(db-pool / workers) connections', async (t) => {
  t.equal(shareOut(10, 1), 10);
  t.equal(shareOut(10, 2), 5);
  t.equal(shareOut(10, 3), 4);
  t.equal(shareOut(3, 4), 1);
});

t.test("the verified-token cache's bounds are the process's: each worker holds its share", async (t) => {
  t.same(tokenCacheShare(1), { maxEntries: DEFAULTS.jwtCacheMaxEntries, maxBytes: DEFAULTS.jwtCacheMaxBytes });
  t.same(tokenCacheShare(2), { maxEntries: 5_000, maxBytes: 16 * 1024 * 1024 });
  const three = tokenCacheShare(3);
  t.ok(three.maxEntries * 3 >= DEFAULTS.jwtCacheMaxEntries && three.maxEntries * 3 < DEFAULTS.jwtCacheMaxEntries + 3);
});
