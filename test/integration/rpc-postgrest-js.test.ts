// @supabase/postgrest-js .rpc() against the real uWS server: POST, { get: true }, { head: true, count }, filters, errors.
import t from 'tap';
import { PostgrestClient } from '@supabase/postgrest-js';
import { handle } from '../../src/app.ts';
import { startServer } from '../../src/http/server.ts';
import { silentLogger } from '../../src/log.ts';
import { jwksOf, makeKey, NOW_SECONDS, sign } from '../auth/fixtures.ts';
import { startTestApp } from '../helpers/test-app.ts';
import { testEngine } from '../helpers/test-server.ts';

const key = await makeKey('ES256');
const app = await startTestApp({}, { keySets: [jwksOf(key)], now: () => NOW_SECONDS * 1000 });
const deps = { config: app.config, schemaCache: () => app.schema.current, authenticator: app.authenticator, executor: app.db.executor, log: silentLogger };
const server = await startServer((raw) => handle(raw, deps), { host: '127.0.0.1', port: 0, maxBodyBytes: 1 << 20, engine: testEngine() });
t.teardown(async () => {
  await server.close();
  await app.close();
});
const url = `http://127.0.0.1:${server.port}`;
const db = new PostgrestClient(url);

t.test('.rpc() POST with named arguments', async (t) => {
  const { data, error, status } = await db.rpc('add', { a: 2, b: 3 });
  t.equal(error, null);
  t.equal(status, 200);
  t.equal(data, 5);
});

t.test('.rpc() with { get: true } for a stable function, and filters/order/range on a set', async (t) => {
  const scalar = await db.rpc('greet', { name: 'js' }, { get: true });
  t.equal(scalar.data, 'hello js');
  const rows = await db.rpc('get_items', { min_price: 0.2 }, { get: true }).lt('qty', 20).select('id,name').order('id', { ascending: false }).range(0, 1);
  t.equal(rows.error, null);
  t.same(rows.data, [
    { id: 5, name: 'eggplant' },
    { id: 4, name: 'dragonfruit' },
  ]);
  const single = await db.rpc('get_items', {}, { get: true }).eq('id', 2).select('name').single();
  t.same(single.data, { name: 'banana' });
  const variadic = await db.rpc('sum_all', { nums: [1, 2, 3, 4] });
  t.equal(variadic.data, 10);
});

t.test('.rpc() with { head: true, count: "exact" }', async (t) => {
  const res = await db.rpc('get_items', { min_price: 1 }, { head: true, count: 'exact' });
  t.equal(res.error, null);
  t.equal(res.status, 200);
  t.equal(res.count, 3);
  t.equal(res.data, null);
  const filtered = await db.rpc('item_names', { q: 0 }, { get: true, count: 'exact' }).gt('item_id', 2).limit(1);
  t.equal(filtered.count, 3);
  t.same(filtered.data, [{ item_id: 3, item_name: 'carrot' }]);
});

t.test('.rpc() errors and a volatile function via GET', async (t) => {
  const missing = await db.rpc('add', { a: 1 });
  t.equal(missing.status, 404);
  t.equal(missing.error?.code, 'PGRST202');
  const readOnly = await db.rpc('bump', { amount: 1 }, { get: true });
  t.equal(readOnly.status, 405);
  t.equal(readOnly.error?.code, '25006');
  const custom = await db.rpc('teapot');
  t.equal(custom.status, 418);
  t.equal(custom.error?.message, 'I am a teapot');
  const none = await db.rpc('nothing');
  t.equal(none.status, 204);
  t.equal(none.error, null);
});

t.test('.rpc() with a token sees the claims', async (t) => {
  const authed = new PostgrestClient(url, { headers: { Authorization: `Bearer ${await sign(key, { sub: 'user-1' })}` } });
  const who = await authed.rpc('whoami', undefined, { get: true });
  t.equal((who.data as { user_id: string }).user_id, 'user-1');
  const notes = await authed.rpc('my_notes').select('id').order('id');
  t.same(notes.data, [{ id: 1 }, { id: 3 }]);
});

t.test('binary in and out over HTTP', async (t) => {
  const bytes = new Uint8Array([0, 1, 2, 200, 255]);
  const res = await fetch(`${url}/rpc/echo_bytea`, {
    method: 'POST',
    body: bytes,
    headers: { 'content-type': 'application/octet-stream', accept: 'application/octet-stream' },
  });
  t.equal(res.status, 200);
  t.equal(res.headers.get('content-type'), 'application/octet-stream');
  t.same([...new Uint8Array(await res.arrayBuffer())], [...bytes]);
});
