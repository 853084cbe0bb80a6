// Reads against a real database through app.handle: select, filters, order, limit/offset, errors.
import t from 'tap';
import { expectError } from '../helpers/expect-error.ts';
import { startTestApp } from '../helpers/test-app.ts';

const app = await startTestApp();
t.teardown(() => app.close());

t.test('the foundation example returns exactly what PostgREST would', async (t) => {
  const res = await app.request('GET', '/items?select=name,qty&qty=gt.3&order=name.desc&limit=2');
  t.equal(res.status, 200);
  t.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  t.equal(res.headers['content-range'], '0-1/*');
  t.same(res.json(), [
    { name: 'eggplant', qty: 7 },
    { name: 'banana', qty: 50 },
  ]);
});

t.test('select: star, alias, cast, json path', async (t) => {
  const all = await app.request('GET', '/items?id=eq.1');
  t.same(Object.keys(all.json()[0]), ['id', 'name', 'price', 'qty', 'tags', 'data', 'created', 'description', 'active']);
  const aliased = await app.request('GET', '/items?select=label:name,price::text,color:data->>color,w:data->size->w&id=eq.1');
  t.same(aliased.json(), [{ label: 'apple', price: '1.50', color: 'red', w: 3 }]);
  const key = await app.request('GET', '/items?select=data->>color&id=eq.2');
  t.same(key.json(), [{ color: 'yellow' }]);
});

t.test('filters: each basic operator, with not.', async (t) => {
  const ids = async (query: string) => (await app.request('GET', `/items?select=id&order=id&${query}`)).json().map((r: { id: number }) => r.id);
  t.same(await ids('id=eq.2'), [2]);
  t.same(await ids('id=neq.2'), [1, 3, 4, 5]);
  t.same(await ids('price=gte.2.10'), [4, 5]);
  t.same(await ids('price=lt.0.25'), [3]);
  t.same(await ids('price=lte.0.25'), [2, 3]);
  t.same(await ids('name=like.*an*'), [2, 5]);
  t.same(await ids('name=ilike.A*'), [1]);
  t.same(await ids('id=in.(1,3,5)'), [1, 3, 5]);
  t.same(await ids('id=not.in.(1,3,5)'), [2, 4]);
  t.same(await ids('description=is.null'), [3]);
  t.same(await ids('active=is.true'), [1, 2, 5]);
  t.same(await ids('active=not.is.true'), [3, 4]);
  t.same(await ids('qty=not.gt.5'), [3, 4]);
  t.same(await ids('qty=gt.1&qty=lt.10'), [4, 5]);
  t.same(await ids('or=(id.eq.1,qty.eq.0)'), [1, 3]);
});

t.test('order, limit and offset', async (t) => {
  const res = await app.request('GET', '/items?select=id&order=created.desc.nullsfirst,id&limit=3&offset=1');
  t.same(res.json(), [{ id: 4 }, { id: 3 }, { id: 2 }]);
  t.equal(res.headers['content-range'], '1-3/*');
  const counted = await app.request('GET', '/items?select=id&limit=2', { headers: { prefer: 'count=exact' } });
  t.equal(counted.status, 206);
  t.equal(counted.headers['content-range'], '0-1/5');
  const empty = await app.request('GET', '/items?id=eq.999');
  t.same(empty.json(), []);
  t.equal(empty.headers['content-range'], '*/*');
});

t.test('views, materialized views and quoted/unicode identifiers', async (t) => {
  t.same((await app.request('GET', '/cheap_items?select=name&order=id')).json(), [{ name: 'banana' }, { name: 'carrot' }]);
  t.equal((await app.request('GET', '/item_counts')).status, 200);
  const weird = await app.request('GET', '/weird%20names?select=%22my%20col%22,%C4%8Daj,%22quo%5C%22te%22&%C4%8Daj=eq.%C4%8Dern%C3%BD');
  t.equal(weird.status, 200, weird.body);
  t.same(weird.json(), [{ 'my col': 2, čaj: 'černý', 'quo"te': 'q2' }]);
});

t.test('HEAD returns headers only', async (t) => {
  const res = await app.request('HEAD', '/items?limit=1');
  t.equal(res.status, 200);
  t.equal(res.body, '');
  t.equal(res.headers['content-range'], '0-0/*');
});

t.test('errors in PostgREST shape', async (t) => {
  const missing = await app.request('GET', '/itemz');
  t.equal(missing.status, 404);
  t.same(missing.json(), {
    code: 'PGRST205',
    message: "Could not find the table 'test.itemz' in the schema cache",
    details: null,
    hint: "Perhaps you meant the table 'test.items'",
  });
  const column = await app.request('GET', '/items?select=nope');
  t.equal(column.status, 400);
  t.equal(column.json().code, '42703');
  t.equal(column.json().message, 'column items.nope does not exist');
  const filterColumn = await app.request('GET', '/items?nope=eq.1');
  t.equal(filterColumn.status, 400);
  t.equal(filterColumn.json().code, '42703');
  const badOp = await app.request('GET', '/items?id=foo.1');
  t.equal(badOp.status, 400);
  t.equal(badOp.json().code, 'PGRST100');
  const badValue = await app.request('GET', '/items?id=eq.abc');
  t.equal(badValue.status, 400);
  t.equal(badValue.json().code, '22P02');
  const denied = await app.request('GET', '/secrets');
  t.equal(denied.status, 401);
  t.equal(denied.json().code, '42501');
  const method = await app.request('TRACE', '/items');
  await expectError(t, method, { code: 'PGRST117', status: 405, message: 'Unsupported HTTP method: TRACE' });
});

t.test('injection attempts come back as clean results or 4xx, never 500', async (t) => {
  const attempts = [
    "/items?name=eq.'; drop table test.items; --",
    '/items?name=eq.%22%3B%20select%201%3B',
    '/items?name=eq.a%00b',
    '/items?name=in.(%22a%22%22b%22,c)',
    `/items?name=eq.${'x'.repeat(20000)}`,
    '/items?select=%22name%22%22%3B%20drop%20table%20x%3B%20--%22',
    '/items?select=name::text;drop',
    `/items?select=${'a'.repeat(5000)}`,
    '/items?order=name;drop',
    '/items?data->>%27%3Bdrop=eq.1',
    '/items?select=data->>%27x%27%27%3B%20drop%20table%20t%3B--&id=eq.1',
    '/items?limit=1;drop',
    '/items?name=eq.%F0%9F%98%80',
    '/items?name=like.%25%5C',
  ];
  for (const url of attempts) {
    const res = await app.request('GET', url);
    t.ok(res.status < 500, `${url.slice(0, 80)} → ${res.status} ${res.body.slice(0, 200)}`);
  }
  const still = await app.sql('select count(*)::int as n from test.items');
  t.equal(still[0]!.n, 5, 'the table is intact');
});
