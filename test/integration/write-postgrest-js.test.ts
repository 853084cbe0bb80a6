// @supabase/postgrest-js against the real server (uWS on port 0): insert, upsert, update, delete with .select().
import { PostgrestClient } from '@supabase/postgrest-js';
import t from 'tap';
import { handle } from '../../src/app.ts';
import { startServer } from '../../src/http/server.ts';
import { startTestApp } from '../helpers/test-app.ts';
import { testEngine } from '../helpers/test-server.ts';

const app = await startTestApp();
const server = await startServer((raw) => handle(raw, app.deps), {
  host: '127.0.0.1',
  port: 0,
  maxBodyBytes: app.config.serverMaxBodyBytes,
  engine: testEngine(),
});
t.teardown(async () => {
  await server.close();
  await app.close();
});
const client = new PostgrestClient(`http://127.0.0.1:${server.port}`, { schema: 'test' });

t.test('.insert() one row and a bulk array with .select()', async (t) => {
  const one = await client.from('projects').insert({ id: 60, name: 'js' }).select();
  t.equal(one.status, 201, JSON.stringify(one.error));
  t.same(one.data, [{ id: 60, name: 'js' }]);
  const bulk = await client
    .from('tasks')
    .insert([{ title: 'js 1', priority: 2 }, { title: 'js 2' }])
    .select('title, priority');
  t.equal(bulk.status, 201, JSON.stringify(bulk.error));
  t.same(
    bulk.data,
    [
      { title: 'js 1', priority: 2 },
      { title: 'js 2', priority: null },
    ],
    'columns= from postgrest-js: missing keys are null',
  );
  const minimal = await client.from('kv').insert({ k: 'js', v: 1 });
  t.equal(minimal.status, 201);
  t.equal(minimal.data, null);
});

t.test('.insert(…, { defaultToNull: false }) uses column defaults', async (t) => {
  const res = await client
    .from('tasks')
    .insert([{ title: 'js d1', priority: 6 }, { title: 'js d2' }], { defaultToNull: false })
    .select('title, priority, done');
  t.equal(res.status, 201, JSON.stringify(res.error));
  t.same(res.data, [
    { title: 'js d1', priority: 6, done: false },
    { title: 'js d2', priority: 1, done: false },
  ]);
});

t.test('.insert() errors come back as PostgrestError and change nothing', async (t) => {
  const before = await app.sql('select count(*)::int as n from test.projects');
  const res = await client
    .from('projects')
    .insert([
      { id: 61, name: 'fine' },
      { id: 60, name: 'dup' },
    ])
    .select();
  t.equal(res.status, 409);
  t.equal(res.error?.code, '23505');
  t.same(await app.sql('select count(*)::int as n from test.projects'), before);
  const unknown = await client.from('projects').insert({ id: 62, nope: 1 });
  t.equal(unknown.status, 400);
  t.equal(unknown.error?.code, 'PGRST204');
});

t.test('.upsert() merges on the primary key, on onConflict, or ignores duplicates', async (t) => {
  const merged = await client
    .from('projects')
    .upsert([
      { id: 60, name: 'js merged' },
      { id: 63, name: 'js new' },
    ])
    .select();
  t.equal(merged.status, 201, JSON.stringify(merged.error));
  t.same(merged.data, [
    { id: 60, name: 'js merged' },
    { id: 63, name: 'js new' },
  ]);
  const updatedOnly = await client.from('projects').upsert({ id: 63, name: 'js renamed' }).select();
  t.equal(updatedOnly.status, 200, 'only updated → 200');
  t.same(updatedOnly.data, [{ id: 63, name: 'js renamed' }]);
  const onConflict = await client.from('kv').upsert({ k: 'js', v: 99 }, { onConflict: 'k' }).select('k, v');
  t.equal(onConflict.status, 200, JSON.stringify(onConflict.error));
  t.same(onConflict.data, [{ k: 'js', v: 99 }]);
  const ignored = await client
    .from('kv')
    .upsert(
      [
        { k: 'js', v: 0 },
        { k: 'js2', v: 2 },
      ],
      { onConflict: 'k', ignoreDuplicates: true },
    )
    .select('k, v');
  t.equal(ignored.status, 201, JSON.stringify(ignored.error));
  t.same(ignored.data, [{ k: 'js2', v: 2 }]);
  t.same(await app.sql("select k, v from test.kv where k like 'js%' order by k"), [
    { k: 'js', v: 99 },
    { k: 'js2', v: 2 },
  ]);
  const defaults = await client
    .from('pairs')
    .upsert(
      [
        { a: 70, b: 'a', v: 'x' },
        { a: 70, b: 'b' },
      ],
      { defaultToNull: false },
    )
    .select('a, b, v');
  t.equal(defaults.status, 201, JSON.stringify(defaults.error));
  t.same(defaults.data, [
    { a: 70, b: 'a', v: 'x' },
    { a: 70, b: 'b', v: null },
  ]);
});

t.test('.update() and .delete() with filters and .select()', async (t) => {
  const updated = await client.from('tasks').update({ done: true }).eq('project_id', 1).select('title, done').order('id');
  t.equal(updated.status, 200, JSON.stringify(updated.error));
  t.same(updated.data, [
    { title: 'write tests', done: true },
    { title: 'plan trip', done: true },
  ]);
  const single = await client.from('projects').update({ name: 'js single' }).eq('id', 60).select().single();
  t.equal(single.status, 200, JSON.stringify(single.error));
  t.same(single.data, { id: 60, name: 'js single' });
  const counted = await client.from('tasks').update({ priority: 0 }, { count: 'exact' }).like('title', 'js%');
  t.equal(counted.status, 204);
  t.equal(counted.count, 4);
  const deleted = await client.from('tasks').delete().like('title', 'js%').select('title').order('title');
  t.equal(deleted.status, 200, JSON.stringify(deleted.error));
  t.same(
    deleted.data!.map((r) => r.title),
    ['js 1', 'js 2', 'js d1', 'js d2'],
  );
  t.same(await app.sql("select count(*)::int as n from test.tasks where title like 'js%'"), [{ n: 0 }]);
  const tooMany = await client.from('tasks').delete().gt('id', 0).select().single();
  t.equal(tooMany.status, 406);
  t.equal(tooMany.error?.code, 'PGRST116');
  t.same(await app.sql('select count(*)::int as n from test.tasks'), [{ n: 3 }], 'the singular failure rolled back');
});
