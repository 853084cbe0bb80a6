// PostgREST's response headers on a real database: 416 with Content-Range, Content-Location, Content-Profile, Vary, Proxy-Status.
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';
import { startTestServer } from '../helpers/test-server.ts';

const app = await startTestApp({ 'db-schemas': 'test,test_hidden' });
t.teardown(() => app.close());

t.test('416 is a response: Content-Range */total, the PGRST103 body, no Proxy-Status', async (t) => {
  const beyond = await app.request('GET', '/items?offset=100', { headers: { prefer: 'count=exact' } });
  t.equal(beyond.status, 416);
  t.equal(beyond.headers['content-range'], '*/5');
  t.same(beyond.json(), {
    code: 'PGRST103',
    message: 'Requested range not satisfiable',
    details: 'An offset of 100 was requested, but there are only 5 rows.',
    hint: null,
  });
  t.equal(beyond.headers['proxy-status'], undefined);
  t.equal(beyond.headers['preference-applied'], 'count=exact');
  const empty = await app.request('GET', '/items?id=eq.0', { headers: { prefer: 'count=exact', range: '1-2' } });
  t.equal(empty.status, 416, 'a nonzero start with no rows');
  t.equal(empty.headers['content-range'], '*/0');
  const atEnd = await app.request('GET', '/items?offset=5', { headers: { prefer: 'count=exact' } });
  t.equal(atEnd.status, 206, 'an offset equal to the total is not beyond it (PostgREST: lower > total)');
  t.equal(atEnd.headers['content-range'], '*/5');
  const call = await app.request('GET', '/rpc/numbers?n=3&offset=10', { headers: { prefer: 'count=exact' } });
  t.equal(call.status, 416, 'functions returning sets too');
  t.equal(call.headers['content-range'], '*/3');
  t.equal(call.json().details, 'An offset of 10 was requested, but there are only 3 rows.');
});

t.test('Content-Location: the table and the query string sorted by key', async (t) => {
  const read = await app.request('GET', '/items?select=id,name&id=eq.1&order=id');
  t.equal(read.headers['content-location'], '/items?id=eq.1&order=id&select=id%2Cname');
  const bare = await app.request('GET', '/items');
  t.equal(bare.headers['content-location'], '/items');
  const head = await app.request('HEAD', '/items?qty=gt.1&name=eq.a%20b&id=gt.0');
  t.equal(head.status, 200);
  t.equal(head.headers['content-location'], '/items?id=gt.0&name=eq.a%20b&qty=gt.1');
  const write = await app.request('POST', '/tasks', { body: { title: 'x' } });
  t.equal(write.headers['content-location'], undefined, 'not on writes');
});

t.test('Content-Profile: also for the default schema when several are exposed', async (t) => {
  const read = await app.request('GET', '/items?select=id&limit=1');
  t.equal(read.headers['content-profile'], 'test');
  const other = await app.request('POST', '/rpc/secret', { headers: { 'content-profile': 'test_hidden' }, body: {} });
  t.equal(other.status, 200, other.body);
  t.equal(other.headers['content-profile'], 'test_hidden');
  const single = await startTestApp();
  t.teardown(() => single.close());
  t.equal((await single.request('GET', '/items?select=id&limit=1')).headers['content-profile'], undefined, 'one schema: nothing negotiated');
});

t.test('Vary on successful responses; SQL can replace it', async (t) => {
  t.equal((await app.request('GET', '/items?limit=1')).headers['vary'], 'Accept, Prefer, Range');
  t.equal((await app.request('PATCH', '/tasks?id=eq.1', { body: { priority: 4 } })).headers['vary'], 'Accept, Prefer, Range');
  await app.sql(`create or replace function test.own_vary() returns int language plpgsql stable as $$
    begin perform set_config('response.headers', '[{"Vary": "X-Test-Accept"}]', true); return 1; end $$`);
  await app.sql('grant execute on function test.own_vary() to public');
  await app.schema.reload();
  const own = await app.request('GET', '/rpc/own_vary');
  t.equal(own.status, 200, own.body);
  t.equal(own.headers['vary'], 'X-Test-Accept', 'sent once, SQL wins');
  t.equal((await app.request('GET', '/nope')).headers['vary'], undefined, 'not on errors');
});

t.test('Proxy-Status names the error code', async (t) => {
  const missing = await app.request('GET', '/nope');
  t.equal(missing.status, 404);
  t.equal(missing.headers['proxy-status'], 'PostgREST; error=PGRST205');
  const unique = await app.request('POST', '/projects', { body: { id: 1, name: 'dup' } });
  t.equal(unique.status, 409);
  t.equal(unique.headers['proxy-status'], 'PostgREST; error=23505', 'database errors give their SQLSTATE');
});

t.test('PGRST116 uses the v13 message', async (t) => {
  const many = await app.request('GET', '/items', { headers: { accept: 'application/vnd.pgrst.object+json' } });
  t.equal(many.status, 406);
  t.same(many.json(), { code: 'PGRST116', message: 'Cannot coerce the result to a single JSON object', details: 'The result contains 5 rows', hint: null });
});

t.test('an upsert of an empty array answers 200 with []; an insert of one answers 201', async (t) => {
  const upsert = await app.request('POST', '/projects', { headers: { prefer: 'return=representation,resolution=merge-duplicates' }, body: [] });
  t.equal(upsert.status, 200, upsert.body);
  t.equal(upsert.body, '[]');
  const insert = await app.request('POST', '/projects', { headers: { prefer: 'return=representation' }, body: [] });
  t.equal(insert.status, 201, insert.body);
  t.equal(insert.body, '[]');
});

t.test('over a socket, 204 has no Content-Length', async (t) => {
  const server = await startTestServer(app);
  t.teardown(() => server.close());
  const res = await fetch(`${server.url}/tasks?id=eq.1`, { method: 'PATCH', body: '{"priority":3}', headers: { 'content-type': 'application/json' } });
  t.equal(res.status, 204);
  t.equal(res.headers.get('content-length'), null);
  const ok = await fetch(`${server.url}/items?id=eq.1&select=id`);
  t.equal(ok.headers.get('content-length'), String((await ok.text()).length), 'other responses keep it');
});
