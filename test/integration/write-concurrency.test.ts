// Nothing lost: concurrent bulk inserts, failing inserts and conflicting upserts, then a row-by-row audit.
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';

const app = await startTestApp({ 'db-pool': '8' });
t.teardown(() => app.close());

const REQUESTS = 200;
const WORKERS = 20;
const HOT_IDS = [1, 2, 3, 4, 5, 6, 7, 8];

interface Sent {
  tag: string;
  kind: 'bulk' | 'failing' | 'colliding' | 'merge' | 'ignore';
  /** Ids only this request uses. */
  fresh: number[];
  /** Ids shared with other requests (sorted, so concurrent requests lock them in one order). */
  hot: number[];
  status?: number;
  code?: string;
}

function makeRequest(i: number): Sent {
  const kinds: Sent['kind'][] = ['bulk', 'failing', 'colliding', 'merge', 'ignore'];
  const kind = kinds[i % kinds.length]!;
  const fresh = [0, 1, 2, 3].map((k) => 1000 + i * 10 + k);
  const hot = kind === 'bulk' || kind === 'failing' ? [] : HOT_IDS.filter((id) => (id + i) % 3 === 0);
  return { tag: `r${i}`, kind, fresh, hot };
}

async function send(req: Sent): Promise<void> {
  const rows = [...req.hot, ...req.fresh].map((id) => ({ id, req: req.tag, n: req.kind === 'failing' && id === req.fresh[2] ? -1 : id }));
  const prefer = req.kind === 'merge' ? 'resolution=merge-duplicates' : req.kind === 'ignore' ? 'resolution=ignore-duplicates' : 'return=minimal';
  const res = await app.request('POST', '/ledger', { headers: { prefer }, body: rows });
  req.status = res.status;
  if (res.status >= 400) req.code = res.json().code;
}

const sent = Array.from({ length: REQUESTS }, (_, i) => makeRequest(i));
let next = 0;
await Promise.all(
  Array.from({ length: WORKERS }, async () => {
    while (next < sent.length) await send(sent[next++]!);
  }),
);

const stored = new Map<number, { req: string; n: number }>();
for (const row of await app.sql('select id, req, n from test.ledger')) stored.set(Number(row.id), { req: String(row.req), n: Number(row.n) });

t.test('every request got a clean, expected answer', async (t) => {
  for (const req of sent) {
    const expected: Record<Sent['kind'], number[]> = {
      bulk: [201],
      failing: [400],
      colliding: [201, 409],
      merge: [201],
      ignore: [201],
    };
    t.ok(expected[req.kind].includes(req.status!), `${req.tag} (${req.kind}) → ${req.status} ${req.code ?? ''}`);
    if (req.kind === 'failing') t.equal(req.code, '23514');
    if (req.status === 409) t.equal(req.code, '23505');
  }
  t.ok(
    sent.some((r) => r.status === 409),
    'some plain inserts really collided',
  );
});

t.test('row by row: answered 2xx → all rows present; answered error → nothing left behind', async (t) => {
  let checked = 0;
  for (const req of sent) {
    const ok = req.status! < 300;
    for (const id of req.fresh) {
      const row = stored.get(id);
      if (ok) t.same(row, { req: req.tag, n: id }, `${req.tag}: row ${id} stored`);
      else t.equal(row, undefined, `${req.tag}: row ${id} not stored`);
      checked++;
    }
    if (ok) for (const id of req.hot) t.ok(stored.has(id), `${req.tag}: hot row ${id} present`);
  }
  const successful = sent.filter((r) => r.status! < 300);
  for (const id of HOT_IDS) {
    const row = stored.get(id);
    const writers = successful.filter((r) => r.hot.includes(id));
    if (writers.length === 0) {
      t.equal(row, undefined, `hot row ${id}: no successful writer, so absent`);
      continue;
    }
    t.ok(row && writers.some((w) => w.tag === row.req), `hot row ${id} was written by a request that answered 2xx (${row?.req})`);
  }
  const expectedIds = new Set(successful.flatMap((r) => [...r.fresh, ...r.hot]));
  t.equal(stored.size, expectedIds.size, 'no other rows exist');
  t.ok(checked >= REQUESTS * 4, `${checked} fresh rows audited`);
});
