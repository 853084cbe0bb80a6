// PATCH and DELETE: filters, representation, count, limit/order, max-affected, tx=, OPTIONS.
import t from 'tap';
import { expectError } from '../helpers/expect-error.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const app = await startTestApp();
t.teardown(() => app.close());

const titles = async (a: TestApp = app, where = 'true'): Promise<string[]> =>
  (await a.sql(`select title from test.tasks where ${where} order by id`)).map((r) => String(r.title));

t.test('PATCH updates every matching row with one object', async (t) => {
  const res = await app.request('PATCH', '/tasks?project_id=eq.1', { body: { priority: 9, done: true } });
  t.equal(res.status, 204, res.body);
  t.equal(res.body, '');
  t.equal(res.headers['content-range'], '0-1/*');
  const rows = await app.sql('select title, priority, done from test.tasks where project_id = 1 order by id');
  t.same(rows, [
    { title: 'write tests', priority: 9, done: true },
    { title: 'plan trip', priority: 9, done: true },
  ]);
  t.same(await app.sql('select priority, done from test.tasks where project_id = 2'), [{ priority: 8, done: true }], 'others untouched');
});

t.test('PATCH representation with select, order and count', async (t) => {
  const res = await app.request('PATCH', '/tasks?or=(title.eq.write%20tests,title.eq.fix%20bug)&select=title,p:priority&order=title', {
    headers: { prefer: 'return=representation, count=exact' },
    body: { priority: 3 },
  });
  t.equal(res.status, 200, res.body);
  t.equal(res.headers['content-range'], '0-1/2');
  t.equal(res.headers['preference-applied'], 'return=representation, count=exact');
  t.same(res.json(), [
    { title: 'fix bug', p: 3 },
    { title: 'write tests', p: 3 },
  ]);
  const none = await app.request('PATCH', '/tasks?id=eq.999', { headers: { prefer: 'return=representation, count=exact' }, body: { priority: 3 } });
  t.equal(none.status, 200);
  t.same(none.json(), []);
  t.equal(none.headers['content-range'], '*/0');
});

t.test('PATCH with an empty object changes nothing', async (t) => {
  const before = await app.sql('select * from test.tasks order by id');
  const res = await app.request('PATCH', '/tasks?select=id', { headers: { prefer: 'return=representation' }, body: {} });
  t.equal(res.status, 200, res.body);
  t.same(res.json(), []);
  t.same(await app.sql('select * from test.tasks order by id'), before);
});

t.test('PATCH with missing=default and columns= resets absent keys to their defaults', async (t) => {
  const res = await app.request('PATCH', '/tasks?id=eq.1&columns=title,priority,done&select=title,priority,done', {
    headers: { prefer: 'missing=default, return=representation' },
    body: { title: 'write more tests' },
  });
  t.equal(res.status, 200, res.body);
  t.same(res.json(), [{ title: 'write more tests', priority: 1, done: false }]);
});

t.test('PATCH errors: bad values, unknown columns, bad filters change nothing', async (t) => {
  const before = await app.sql('select * from test.tasks order by id');
  const cases: Array<[string, unknown, number, string]> = [
    ['/tasks?id=eq.1', { priority: 99 }, 400, '23514'],
    ['/tasks?id=eq.1', { project_id: 999 }, 409, '23503'],
    ['/tasks?id=eq.1', { title: null }, 400, '23502'],
    ['/tasks?id=eq.1', { priority: 'high' }, 400, '22P02'],
    ['/tasks?id=eq.1', { nope: 1 }, 400, 'PGRST204'],
    ['/tasks?nope=eq.1', { priority: 1 }, 400, '42703'],
    ['/tasks?id=eq.x', { priority: 1 }, 400, '22P02'],
    ['/tasks?id=eq.1', '{"priority":', 400, 'PGRST102'],
    ['/task_stats', { n: 1 }, 405, 'PGRST117'],
  ];
  for (const [url, body, status, code] of cases) {
    const res = await app.request('PATCH', url, {
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    t.equal(res.status, status, `${url} ${JSON.stringify(body)} → ${res.body}`);
    t.equal(res.json().code, code);
  }
  t.same(await app.sql('select * from test.tasks order by id'), before);
});

t.test('DELETE removes matching rows; representation returns them', async (t) => {
  const a = await startTestApp();
  t.teardown(() => a.close());
  const res = await a.request('DELETE', '/tasks?done=is.true&select=title', { headers: { prefer: 'return=representation' } });
  t.equal(res.status, 200, res.body);
  t.same(res.json(), [{ title: 'fix bug' }]);
  t.equal(res.headers['content-range'], '*/*');
  t.same(await titles(a), ['write tests', 'plan trip']);
  const minimal = await a.request('DELETE', '/tasks?title=eq.plan%20trip', { headers: { prefer: 'count=exact' } });
  t.equal(minimal.status, 204);
  t.equal(minimal.headers['content-range'], '*/1');
  t.same(await titles(a), ['write tests']);
  const fk = await a.request('DELETE', '/projects?id=eq.1');
  t.equal(fk.status, 409, 'a referenced row cannot be deleted');
  t.equal(fk.json().code, '23503');
  t.equal((await a.sql('select count(*)::int as n from test.projects'))[0]!.n, 2);
  const denied = await a.request('DELETE', '/secrets');
  t.equal(denied.status, 401);
  t.equal(denied.json().code, '42501');
});

t.test('singular Accept on PATCH/DELETE rolls back unless exactly one row', async (t) => {
  const accept = 'application/vnd.pgrst.object+json';
  const before = await app.sql('select * from test.tasks order by id');
  const many = await app.request('PATCH', '/tasks', { headers: { accept }, body: { priority: 0 } });
  t.equal(many.status, 406);
  t.equal(many.json().code, 'PGRST116');
  const del = await app.request('DELETE', '/tasks', { headers: { accept } });
  await expectError(t, del, { code: 'PGRST116', status: 406, message: 'Cannot coerce the result to a single JSON object' });
  t.same(await app.sql('select * from test.tasks order by id'), before, 'rolled back');
  const one = await app.request('PATCH', '/tasks?id=eq.2&select=id,priority', { headers: { accept, prefer: 'return=representation' }, body: { priority: 0 } });
  t.equal(one.status, 200, one.body);
  t.same(one.json(), { id: 2, priority: 0 });
});

t.test('limit with order changes only that window of rows (tables)', async (t) => {
  const a = await startTestApp();
  t.teardown(() => a.close());
  const res = await a.request('PATCH', '/tasks?order=id.desc&limit=2&select=id,title', {
    headers: { prefer: 'return=representation' },
    body: { title: 'last two' },
  });
  t.equal(res.status, 200, res.body);
  t.same(
    res.json(),
    [
      { id: 3, title: 'last two' },
      { id: 2, title: 'last two' },
    ],
    'the representation holds the changed window',
  );
  t.same(await titles(a), ['write tests', 'last two', 'last two']);
  const del = await a.request('DELETE', '/tasks?order=id&limit=1&offset=1');
  t.equal(del.status, 204, del.body);
  t.equal(del.body, '');
  t.same(await titles(a), ['write tests', 'last two']);
  const view = await a.request('DELETE', '/open_tasks?limit=1');
  t.equal(view.status, 400);
  t.equal(view.json().code, 'PGRST127');
});

t.test('max-affected with handling=strict rolls back when more rows would change', async (t) => {
  const before = await app.sql('select * from test.tasks order by id');
  const over = await app.request('PATCH', '/tasks', { headers: { prefer: 'handling=strict, max-affected=2' }, body: { priority: 5 } });
  t.equal(over.status, 400, over.body);
  t.same(over.json(), {
    code: 'PGRST124',
    message: 'Query result exceeds max-affected preference constraint',
    details: 'The query affects 3 rows',
    hint: null,
  });
  const del = await app.request('DELETE', '/tasks?id=gt.0', { headers: { prefer: 'handling=strict, max-affected=1' } });
  t.same(del.json(), { code: 'PGRST124', message: 'Query result exceeds max-affected preference constraint', details: 'The query affects 3 rows', hint: null });
  t.equal(del.status, 400);
  t.same(await app.sql('select * from test.tasks order by id'), before);
  const within = await app.request('PATCH', '/tasks?id=eq.3', { headers: { prefer: 'handling=strict, max-affected=1' }, body: { priority: 4 } });
  t.equal(within.status, 204);
  t.equal(within.headers['preference-applied'], 'handling=strict, max-affected=1');
  const lenient = await app.request('PATCH', '/tasks', { headers: { prefer: 'max-affected=1' }, body: { due: '2030-01-01' } });
  t.equal(lenient.status, 204, 'without handling=strict it is ignored');
  t.equal(lenient.headers['preference-applied'], undefined);
});

t.test('Prefer: tx follows --db-tx-end', async (t) => {
  const ends = ['commit', 'commit-allow-override', 'rollback', 'rollback-allow-override'] as const;
  for (const end of ends) {
    const a = await startTestApp({ 'db-tx-end': end });
    for (const tx of [null, 'commit', 'rollback'] as const) {
      const title = `tx ${end} ${tx}`;
      const headers: Record<string, string> = { prefer: `return=representation${tx ? `, tx=${tx}` : ''}` };
      const res = await a.request('POST', '/tasks?select=title', { headers, body: { title } });
      t.equal(res.status, 201, `${title}: ${res.body}`);
      t.same(res.json(), [{ title }], `${title}: the representation is returned either way`);
      const override = end.endsWith('allow-override') && tx !== null;
      const committed = override ? tx === 'commit' : end.startsWith('commit');
      t.equal((await titles(a, `title = '${title}'`)).length, committed ? 1 : 0, `${title}: ${committed ? 'committed' : 'rolled back'}`);
      t.equal(res.headers['preference-applied'], override ? `return=representation, tx=${tx}` : 'return=representation', `${title}: Preference-Applied`);
    }
    await a.close();
  }
});

t.test('deferred constraints are checked on commit and on tx=rollback dry runs alike', async (t) => {
  const commit = await app.request('POST', '/deferred_children', { body: { id: 1, parent_id: 999 } });
  t.equal(commit.status, 409, commit.body);
  t.equal(commit.json().code, '23503');
  const a = await startTestApp({ 'db-tx-end': 'commit-allow-override' });
  t.teardown(() => a.close());
  const dryRun = await a.request('POST', '/deferred_children', { headers: { prefer: 'tx=rollback' }, body: { id: 1, parent_id: 999 } });
  await expectError(t, dryRun, { code: '23503', status: 409, message: /violates foreign key constraint/ });
  const fine = await a.request('POST', '/deferred_children', { headers: { prefer: 'tx=rollback' }, body: { id: 1, parent_id: 1 } });
  t.equal(fine.status, 201, fine.body);
  t.equal(fine.headers['preference-applied'], 'tx=rollback');
  t.same(await a.sql('select * from test.deferred_children'), [], 'nothing committed');
});

t.test('OPTIONS answers Allow from the relation kind', async (t) => {
  const allow = async (path: string) => (await app.request('OPTIONS', path)).headers['allow'];
  t.equal(await allow('/tasks'), 'OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE');
  t.equal(await allow('/kv'), 'OPTIONS,GET,HEAD,POST,PATCH,DELETE', 'no PUT without a primary key');
  t.equal(await allow('/open_tasks'), 'OPTIONS,GET,HEAD,POST,PATCH,DELETE', 'auto-updatable view');
  t.equal(await allow('/task_stats'), 'OPTIONS,GET,HEAD', 'aggregate view is read-only');
  t.equal(await allow('/item_counts'), 'OPTIONS,GET,HEAD', 'materialized view');
  t.equal(await allow('/audit_entries'), 'OPTIONS,GET,HEAD,POST', 'INSTEAD OF INSERT trigger only');
  const res = await app.request('OPTIONS', '/tasks');
  t.equal(res.status, 200);
  t.equal(res.body, '');
  const missing = await app.request('OPTIONS', '/nope');
  t.equal(missing.status, 404);
  t.equal(missing.json().code, 'PGRST205');
});
