// Accept: application/vnd.pgrst.plan+json answers with the EXPLAIN of the request's statement when db-plan-enabled is on.
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';

const app = await startTestApp({ 'db-plan-enabled': 'true' });
t.teardown(() => app.close());
const PLAN = 'application/vnd.pgrst.plan+json';

t.test('a read: the JSON plan, labelled with the media it plans for', async (t) => {
  const res = await app.request('GET', '/items?select=id&id=gt.1', { headers: { accept: PLAN } });
  t.equal(res.status, 200, res.body);
  t.equal(res.headers['content-type'], `${PLAN}; for="application/json"; charset=utf-8`);
  const plan = res.json();
  t.ok(Array.isArray(plan) && typeof plan[0].Plan['Node Type'] === 'string', res.body);
  t.equal(plan[0]['Execution Time'], undefined, 'not analyzed by default');
  const csv = await app.request('GET', '/items?select=id', { headers: { accept: `${PLAN}; for="text/csv"` } });
  t.equal(csv.headers['content-type'], `${PLAN}; for="text/csv"; charset=utf-8`);
});

t.test('options=analyze|verbose; a write is explained and analyzed but never kept', async (t) => {
  const analyzed = await app.request('GET', '/items?select=id', { headers: { accept: `${PLAN}; options=analyze|verbose` } });
  t.equal(analyzed.status, 200, analyzed.body);
  t.type(analyzed.json()[0]['Execution Time'], 'number');
  t.ok(Array.isArray(analyzed.json()[0].Plan.Output), 'verbose lists outputs');
  const before = (await app.sql('select count(*) as n from test.tasks'))[0]!.n;
  const write = await app.request('POST', '/tasks', { headers: { accept: `${PLAN}; options=analyze` }, body: { title: 'planned only' } });
  t.equal(write.status, 200, write.body);
  t.type(write.json()[0]['Execution Time'], 'number');
  t.equal((await app.sql('select count(*) as n from test.tasks'))[0]!.n, before, 'rolled back');
  const call = await app.request('GET', '/rpc/numbers?n=3', { headers: { accept: PLAN } });
  t.equal(call.status, 200, call.body);
  t.ok(Array.isArray(call.json()));
  const singular = await app.request('GET', '/items', { headers: { accept: `${PLAN}; for="application/vnd.pgrst.object+json"` } });
  t.equal(singular.status, 200, 'no PGRST116: nothing ran');
});

t.test('unknown options or a `for` that cannot be produced are not acceptable; off by default', async (t) => {
  t.equal((await app.request('GET', '/items', { headers: { accept: `${PLAN}; options=drop` } })).status, 406);
  t.equal((await app.request('GET', '/items', { headers: { accept: `${PLAN}; for="text/plain"` } })).status, 406);
  const off = await startTestApp();
  t.teardown(() => off.close());
  const res = await off.request('GET', '/items', { headers: { accept: PLAN } });
  t.equal(res.status, 406);
  t.equal(res.json().code, 'PGRST107');
});
