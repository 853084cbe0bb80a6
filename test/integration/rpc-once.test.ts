// An RPC evaluates its function once per request, whatever the return shape, count preference or media type.
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';

const app = await startTestApp();
t.teardown(() => app.close());

/** Each counted_* function reports, in X-Calls, how many times it ran in the request. */
const cases: Array<[string, string, Record<string, string>?]> = [
  ['scalar', '/rpc/counted_scalar'],
  ['scalar, count=exact', '/rpc/counted_scalar', { prefer: 'count=exact' }],
  ['scalar as text/plain', '/rpc/counted_scalar', { accept: 'text/plain' }],
  ['setof scalar', '/rpc/counted_set?n=5'],
  ['setof scalar, count=exact', '/rpc/counted_set?n=5', { prefer: 'count=exact' }],
  ['setof scalar, limit/offset + count=exact', '/rpc/counted_set?n=5&limit=2&offset=1', { prefer: 'count=exact' }],
  ['setof scalar, singular', '/rpc/counted_set?n=1', { accept: 'application/vnd.pgrst.object+json' }],
  ['table', '/rpc/counted_rows?n=5'],
  ['table, count=exact', '/rpc/counted_rows?n=5', { prefer: 'count=exact' }],
  ['table, filter + order + limit + count=exact', '/rpc/counted_rows?n=5&id=gt.1&order=id.desc&limit=2', { prefer: 'count=exact' }],
  ['table, select + count=estimated', '/rpc/counted_rows?n=5&select=label', { prefer: 'count=estimated' }],
  ['table as CSV', '/rpc/counted_rows?n=3', { accept: 'text/csv' }],
  ['table, nulls=stripped', '/rpc/counted_rows?n=3', { accept: 'application/vnd.pgrst.array+json;nulls=stripped' }],
  ['composite', '/rpc/counted_row'],
  ['composite, count=exact', '/rpc/counted_row', { prefer: 'count=exact' }],
];

for (const [label, url, headers] of cases) {
  t.test(`${label}: evaluated once`, async (t) => {
    for (const method of ['GET', 'HEAD']) {
      const res = await app.request(method, url, { headers });
      t.ok(res.status === 200 || res.status === 206, `${method} ${url}: ${res.status} ${res.body}`);
      t.equal(res.headers['x-calls'], '1', `${method} ${url} ran the function once`);
    }
  });
}

t.test('a 0.4 s STABLE function answers in about 0.4 s, not twice that', async (t) => {
  for (const url of ['/rpc/slow_ro?s=0.4', '/rpc/slow_set?s=0.4']) {
    const started = Date.now();
    const res = await app.request('GET', url);
    const elapsed = Date.now() - started;
    t.equal(res.status, 200, res.body);
    t.ok(elapsed < 750, `${url} took ${elapsed} ms`);
  }
});
