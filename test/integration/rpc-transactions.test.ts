// RPC and transactions as PostgREST: tx=rollback and db-tx-end for calls, max-affected on calls, a single unnamed json parameter.
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';

const app = await startTestApp({ 'db-tx-end': 'commit-allow-override' });
t.teardown(() => app.close());
await app.sql(`
  create function test.add_counter(new_id int) returns setof test.counter language sql volatile as $$
    insert into test.counter values (new_id, 0) returning * $$;
  create function test.two_counters(a int, b int) returns setof test.counter language sql volatile as $$
    insert into test.counter values (a, 0), (b, 0) returning * $$;
  create function test.echo_jsonb(jsonb) returns jsonb language sql immutable as $$ select $1 $$;
  grant execute on all functions in schema test to public;
  grant all on test.counter to public`);
await app.schema.reload();
const counterIds = async () => (await app.sql('select id from test.counter order by id')).map((r) => Number(r.id));

t.test('Prefer: tx=rollback runs the function and rolls it back; tx=commit keeps it', async (t) => {
  const before = await counterIds();
  const rolled = await app.request('POST', '/rpc/add_counter', { headers: { prefer: 'tx=rollback' }, body: { new_id: 901 } });
  t.equal(rolled.status, 200, rolled.body);
  t.same(rolled.json(), [{ id: 901, n: 0 }], 'the response shows what the call did');
  t.equal(rolled.headers['preference-applied'], 'tx=rollback');
  t.same(await counterIds(), before, 'nothing was kept');
  const kept = await app.request('POST', '/rpc/add_counter', { headers: { prefer: 'tx=commit' }, body: { new_id: 902 } });
  t.equal(kept.status, 200);
  t.ok((await counterIds()).includes(902));
});

t.test('db-tx-end=rollback applies to calls (tx= ignored without -allow-override)', async (t) => {
  const rollbackAll = await startTestApp({ 'db-tx-end': 'rollback' });
  t.teardown(() => rollbackAll.close());
  await rollbackAll.sql(`create function test.add_counter(new_id int) returns setof test.counter language sql volatile as $$
    insert into test.counter values (new_id, 0) returning * $$; grant all on test.counter to public`);
  await rollbackAll.schema.reload();
  const res = await rollbackAll.request('POST', '/rpc/add_counter', { headers: { prefer: 'tx=commit' }, body: { new_id: 903 } });
  t.equal(res.status, 200, res.body);
  t.equal(res.headers['preference-applied'], undefined, 'tx is not echoed when it cannot be chosen');
  t.same(await rollbackAll.sql('select id from test.counter where id = 903'), []);
});

t.test('Prefer: max-affected with handling=strict limits the rows a function returns', async (t) => {
  const over = await app.request('POST', '/rpc/two_counters', { headers: { prefer: 'handling=strict, max-affected=1' }, body: { a: 911, b: 912 } });
  t.equal(over.status, 400, over.body);
  t.same(over.json(), {
    code: 'PGRST124',
    message: 'Query result exceeds max-affected preference constraint',
    details: 'The query affects 2 rows',
    hint: null,
  });
  t.same(await app.sql('select id from test.counter where id in (911, 912)'), [], 'rolled back');
  const within = await app.request('POST', '/rpc/two_counters', { headers: { prefer: 'handling=strict, max-affected=2' }, body: { a: 913, b: 914 } });
  t.equal(within.status, 200);
  t.equal(within.headers['preference-applied'], 'handling=strict, max-affected=2');
  const lenient = await app.request('POST', '/rpc/two_counters', { headers: { prefer: 'max-affected=1' }, body: { a: 915, b: 916 } });
  t.equal(lenient.status, 200, 'ignored without handling=strict');
  const readOnly = await app.request('GET', '/rpc/numbers?n=5', { headers: { prefer: 'handling=strict, max-affected=3' } });
  t.equal(readOnly.status, 400);
  t.equal(readOnly.json().code, 'PGRST124');
});

t.test('a single unnamed json/jsonb parameter takes any JSON body', async (t) => {
  for (const fn of ['echo_json', 'echo_jsonb']) {
    for (const body of ['{"a":1}', '[1,2,{"b":3}]', '"text"', '42', 'true', 'null', '[]']) {
      const res = await app.request('POST', `/rpc/${fn}`, { headers: { 'content-type': 'application/json' }, body });
      t.equal(res.status, 200, `${fn} ${body}: ${res.body}`);
      t.same(res.json(), JSON.parse(body), `${fn} ${body}`);
    }
  }
  const invalid = await app.request('POST', '/rpc/echo_json', { headers: { 'content-type': 'application/json' }, body: '{"a":' });
  t.equal(invalid.status, 400);
  t.equal(invalid.json().code, 'PGRST102');
});

t.test('app.settings.* from the configuration are set in every request', async (t) => {
  const { loadConfig } = await import('../../src/config/config.ts');
  const fromEnv = loadConfig(['--db-uri', 'postgres://u@h/db'], { PGRST_APP_SETTINGS_API_LABEL: 'from-env' });
  t.same(fromEnv.config.appSettings, [['app.settings.api_label', 'from-env']], 'PGRST_APP_SETTINGS_* → app.settings.*');
  t.same(fromEnv.warnings, []);
  const withSettings = await startTestApp({ 'app.settings.api_label': "it's set", 'app.settings.other': 'x' });
  t.teardown(() => withSettings.close());
  await withSettings.sql(`create function test.app_setting(name text) returns text language sql stable as $$ select current_setting('app.settings.' || name, true) $$;
    grant execute on function test.app_setting(text) to public`);
  await withSettings.schema.reload();
  const res = await withSettings.request('GET', '/rpc/app_setting?name=api_label');
  t.equal(res.status, 200, res.body);
  t.equal(res.json(), "it's set");
  t.equal((await withSettings.request('GET', '/rpc/app_setting?name=other')).json(), 'x');
  const read = await withSettings.request('GET', "/items?select=id&limit=1&name=neq.it's set");
  t.equal(read.status, 200, 'reads get them too');
});
