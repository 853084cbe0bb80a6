// POST: single and bulk inserts (JSON, CSV, form), columns=, missing=default, return=…, count, errors that change nothing.
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';

const app = await startTestApp();
t.teardown(() => app.close());

const count = async (table: string): Promise<number> => Number((await app.sql(`select count(*)::int as n from test.${table}`))[0]!.n);
const rows = (table: string, where = 'true') => app.sql(`select * from test.${table} where ${where} order by 1`);

t.test('one object: 201, no body, Content-Range */*', async (t) => {
  const res = await app.request('POST', '/projects', { body: { id: 10, name: 'garden' } });
  t.equal(res.status, 201, res.body);
  t.equal(res.body, '');
  t.equal(res.headers['content-range'], '*/*');
  t.equal(res.headers['content-type'], undefined);
  t.equal(res.headers['location'], undefined);
  t.same(await rows('projects', 'id = 10'), [{ id: 10, name: 'garden' }]);
});

t.test('a bulk array is inserted in order by one statement; representation returns the rows', async (t) => {
  const res = await app.request('POST', '/tasks?select=id,title,priority,done', {
    headers: { prefer: 'return=representation' },
    body: [
      { title: 'b1', priority: 3 },
      { title: 'b2', priority: 4 },
      { title: 'b3', priority: 5 },
    ],
  });
  t.equal(res.status, 201, res.body);
  t.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  t.equal(res.headers['preference-applied'], 'return=representation');
  const body = res.json();
  t.same(
    body.map((r: { title: string }) => r.title),
    ['b1', 'b2', 'b3'],
  );
  t.ok(body[0].id < body[1].id && body[1].id < body[2].id, 'serial ids follow array order');
  t.same(Object.keys(body[0]), ['id', 'title', 'priority', 'done']);
  t.equal(body[0].done, false, 'omitted columns take their defaults');
});

t.test('representation honours select casts/aliases and order', async (t) => {
  const res = await app.request('POST', '/pairs?select=label:v,a::text&order=a.desc', {
    headers: { prefer: 'return=representation' },
    body: [
      { a: 20, b: 'p', v: 'first' },
      { a: 21, b: 'p', v: 'second' },
    ],
  });
  t.equal(res.status, 201, res.body);
  t.same(res.json(), [
    { label: 'second', a: '21' },
    { label: 'first', a: '20' },
  ]);
});

t.test('return=headers-only gives Location from the primary key', async (t) => {
  const res = await app.request('POST', '/pairs', { headers: { prefer: 'return=headers-only' }, body: { a: 30, b: 'a b&c', v: 'x' } });
  t.equal(res.status, 201, res.body);
  t.equal(res.body, '');
  t.equal(res.headers['location'], '/pairs?a=eq.30&b=eq.a%20b%26c');
  t.equal(res.headers['preference-applied'], 'return=headers-only');
  const serial = await app.request('POST', '/tasks', { headers: { prefer: 'return=headers-only' }, body: { title: 'loc' } });
  const id = (await rows('tasks', "title = 'loc'"))[0]!.id;
  t.equal(serial.headers['location'], `/tasks?id=eq.${id}`);
  const many = await app.request('POST', '/pairs', {
    headers: { prefer: 'return=headers-only' },
    body: [
      { a: 31, b: 'x', v: '' },
      { a: 32, b: 'x', v: '' },
    ],
  });
  t.equal(many.status, 201);
  t.equal(many.headers['location'], undefined, 'no Location when several rows were inserted');
  const nopk = await app.request('POST', '/kv', { headers: { prefer: 'return=headers-only' }, body: { k: 'loc', v: 1 } });
  t.equal(nopk.headers['location'], undefined, 'no Location without a primary key');
});

t.test('count=exact fills Content-Range', async (t) => {
  const res = await app.request('POST', '/kv', {
    headers: { prefer: 'count=exact' },
    body: [
      { k: 'c1', v: 1 },
      { k: 'c2', v: 2 },
    ],
  });
  t.equal(res.status, 201);
  t.equal(res.headers['content-range'], '*/2');
  t.equal(res.headers['preference-applied'], 'count=exact');
});

t.test('text/csv and form bodies', async (t) => {
  const csv = await app.request('POST', '/tasks?select=title,priority,tags,due', {
    headers: { 'content-type': 'text/csv', prefer: 'return=representation' },
    body: 'title,priority,tags,due\n"csv, one",3,"{a,b}",2024-05-01\ncsv two,NULL,{},NULL\n',
  });
  t.equal(csv.status, 201, csv.body);
  t.same(csv.json(), [
    { title: 'csv, one', priority: 3, tags: ['a', 'b'], due: '2024-05-01' },
    { title: 'csv two', priority: null, tags: [], due: null },
  ]);
  const form = await app.request('POST', '/kv?select=k,v', {
    headers: { 'content-type': 'application/x-www-form-urlencoded', prefer: 'return=representation' },
    body: 'k=form+key%26more&v=42',
  });
  t.equal(form.status, 201, form.body);
  t.same(form.json(), [{ k: 'form key&more', v: 42 }]);
});

t.test('JSON values become column types: arrays, json, dates, numbers as text', async (t) => {
  const res = await app.request('POST', '/tasks?select=title,tags,due,priority', {
    headers: { prefer: 'return=representation' },
    body: { title: 12345, tags: ['x', 'y"z'], due: '2025-01-31', priority: '7' },
  });
  t.equal(res.status, 201, res.body);
  t.same(res.json(), [{ title: '12345', tags: ['x', 'y"z'], due: '2025-01-31', priority: 7 }]);
});

t.test('columns= restricts the inserted keys and allows heterogeneous objects', async (t) => {
  const res = await app.request('POST', '/tasks?columns=title,priority&select=title,priority,done', {
    headers: { prefer: 'return=representation' },
    body: [{ title: 'h1', priority: 9, done: true, ignored: 'not a column' }, { title: 'h2' }],
  });
  t.equal(res.status, 201, res.body);
  t.same(
    res.json(),
    [
      { title: 'h1', priority: 9, done: false },
      { title: 'h2', priority: null, done: false },
    ],
    'keys outside columns= are ignored; a missing key is NULL by default',
  );
  const unknown = await app.request('POST', '/tasks?columns=title,nope', { body: { title: 'x' } });
  t.equal(unknown.status, 400);
  t.same(unknown.json(), { code: 'PGRST204', message: "Could not find the 'nope' column of 'tasks' in the schema cache", details: null, hint: null });
});

t.test('Prefer: missing=default gives absent keys their column defaults', async (t) => {
  const res = await app.request('POST', '/tasks?columns=title,priority,done,owner&select=title,priority,done,owner', {
    headers: { prefer: 'missing=default, return=representation' },
    body: [
      { title: 'd1', priority: 4, owner: 'me' },
      { title: 'd2', done: true },
    ],
  });
  t.equal(res.status, 201, res.body);
  t.equal(res.headers['preference-applied'], 'missing=default, return=representation');
  t.same(
    res.json(),
    [
      { title: 'd1', priority: 4, done: false, owner: 'me' },
      { title: 'd2', priority: 1, done: true, owner: null },
    ],
    'owner default auth.user_id() is null for anonymous',
  );
  const explicitNull = await app.request('POST', '/tasks?columns=title,priority&select=priority', {
    headers: { prefer: 'missing=default, return=representation' },
    body: [{ title: 'd3', priority: null }],
  });
  t.same(explicitNull.json(), [{ priority: null }], 'an explicit null stays null');
  const identity = await app.request('POST', '/counters?columns=id,label,n&select=id,label,n,twice', {
    headers: { prefer: 'missing=default, return=representation' },
    body: [
      { id: 100, label: 'given' },
      { label: 'generated', n: 3 },
    ],
  });
  t.equal(identity.status, 201, identity.body);
  const [given, generated] = identity.json();
  t.same(given, { id: 100, label: 'given', n: 7, twice: 14 });
  t.equal(generated.label, 'generated');
  t.ok(Number.isInteger(generated.id), 'identity column got a value from its sequence');
  t.equal(generated.twice, 6);
});

t.test('an empty object inserts a row of defaults; an empty array inserts nothing', async (t) => {
  const before = await count('counters');
  const one = await app.request('POST', '/counters?select=label,n', { headers: { prefer: 'return=representation' }, body: {} });
  t.equal(one.status, 201, one.body);
  t.same(one.json(), [{ label: null, n: 7 }]);
  const none = await app.request('POST', '/counters', { headers: { prefer: 'return=representation' }, body: [] });
  t.equal(none.status, 201, none.body);
  t.same(none.json(), []);
  t.equal(await count('counters'), before + 1);
});

t.test('singular Accept: one row is an object; several roll back with 406', async (t) => {
  const accept = 'application/vnd.pgrst.object+json';
  const one = await app.request('POST', '/kv?select=k', { headers: { accept, prefer: 'return=representation' }, body: { k: 's1' } });
  t.equal(one.status, 201, one.body);
  t.same(one.json(), { k: 's1' });
  t.equal(one.headers['content-type'], 'application/vnd.pgrst.object+json; charset=utf-8');
  const before = await count('kv');
  const two = await app.request('POST', '/kv', { headers: { accept }, body: [{ k: 's2' }, { k: 's3' }] });
  t.equal(two.status, 406);
  t.equal(two.json().code, 'PGRST116');
  t.equal(two.json().details, 'The result contains 2 rows');
  t.equal(await count('kv'), before, 'rolled back');
});

t.test('database errors map to PostgREST statuses and change nothing', async (t) => {
  const cases: Array<{ name: string; url: string; body: unknown; status: number; code: string; contentType?: string }> = [
    {
      name: 'unique violation',
      url: '/projects',
      body: [
        { id: 50, name: 'ok' },
        { id: 1, name: 'dup' },
      ],
      status: 409,
      code: '23505',
    },
    {
      name: 'foreign key violation',
      url: '/tasks',
      body: [
        { title: 'fk ok', project_id: 1 },
        { title: 'fk bad', project_id: 999 },
      ],
      status: 409,
      code: '23503',
    },
    { name: 'not null violation', url: '/tasks?columns=title', body: [{ title: 'nn ok' }, { priority: 1 }], status: 400, code: '23502' },
    {
      name: 'check violation',
      url: '/tasks',
      body: [
        { title: 'ck ok', priority: 1 },
        { title: 'ck bad', priority: 11 },
      ],
      status: 400,
      code: '23514',
    },
    {
      name: 'invalid text representation',
      url: '/tasks',
      body: [
        { title: 'tp ok', priority: 1 },
        { title: 'tp bad', priority: 'high' },
      ],
      status: 400,
      code: '22P02',
    },
    { name: 'generated column', url: '/counters', body: { twice: 4 }, status: 400, code: '428C9' },
    { name: 'read-only view', url: '/task_stats', body: { n: 1 }, status: 405, code: 'PGRST117' },
    { name: 'unknown key', url: '/tasks', body: [{ title: 'uk', nope: 1 }], status: 400, code: 'PGRST204' },
    { name: 'malformed JSON', url: '/tasks', body: '{"title": ', status: 400, code: 'PGRST102' },
    { name: 'JSON scalar', url: '/tasks', body: '42', status: 400, code: 'PGRST102' },
    { name: 'array of scalars', url: '/tasks', body: '[1,2]', status: 400, code: 'PGRST102' },
    { name: 'mismatched keys without columns=', url: '/tasks', body: [{ title: 'a' }, { title: 'b', priority: 2 }], status: 400, code: 'PGRST102' },
    { name: 'unsupported content type', url: '/tasks', body: 'title=x', status: 400, code: 'PGRST102', contentType: 'application/xml' },
    { name: 'unknown table', url: '/taskz', body: { title: 'x' }, status: 404, code: 'PGRST205' },
  ];
  const tables = ['projects', 'tasks', 'counters', 'kv'];
  const before = await Promise.all(tables.map(count));
  for (const c of cases) {
    const headers: Record<string, string> = { 'content-type': c.contentType ?? 'application/json' };
    const res = await app.request('POST', c.url, { headers, body: typeof c.body === 'string' ? c.body : JSON.stringify(c.body) });
    t.equal(res.status, c.status, `${c.name}: ${res.body}`);
    t.equal(res.json().code, c.code, c.name);
    t.same(Object.keys(res.json()).sort(), ['code', 'details', 'hint', 'message'], `${c.name}: PostgREST error shape`);
  }
  t.same(await Promise.all(tables.map(count)), before, 'no table changed');
});

t.test('insert through an auto-updatable view and an INSTEAD OF trigger view', async (t) => {
  const view = await app.request('POST', '/open_tasks?select=title,priority', {
    headers: { prefer: 'return=representation' },
    body: { title: 'via view', priority: 6 },
  });
  t.equal(view.status, 201, view.body);
  t.same(view.json(), [{ title: 'via view', priority: 6 }]);
  t.equal((await rows('tasks', "title = 'via view'")).length, 1);
  const trigger = await app.request('POST', '/audit_entries', { headers: { prefer: 'return=representation' }, body: { entry: 'hello' } });
  t.equal(trigger.status, 201, trigger.body);
  t.same(
    trigger.json().map((r: { entry: string }) => r.entry),
    ['HELLO'],
  );
  t.same(
    (await app.sql('select entry from test.audit_log')).map((r) => r.entry),
    ['HELLO'],
  );
});

t.test('quoted and unicode identifiers, hostile values', async (t) => {
  const res = await app.request('POST', '/weird%20names?select=%22my%20col%22,%C4%8Daj,%22quo%5C%22te%22', {
    headers: { prefer: 'return=representation' },
    body: { 'my col': 9, čaj: "'); drop table test.items; --", 'quo"te': 'q"9', select: 's' },
  });
  t.equal(res.status, 201, res.body);
  t.same(res.json(), [{ 'my col': 9, čaj: "'); drop table test.items; --", 'quo"te': 'q"9' }]);
  const key = await app.request('POST', '/weird%20names', { body: { '"; drop table test.items; --': 1 } });
  t.equal(key.status, 400);
  t.equal(key.json().code, 'PGRST204');
  t.equal(await count('items'), 5);
});

t.test('Accept: text/csv on a representation gives a CSV body', async (t) => {
  const res = await app.request('POST', '/projects?select=id,name', {
    headers: { prefer: 'return=representation', accept: 'text/csv', 'content-type': 'application/json' },
    body: JSON.stringify({ id: 901, name: 'fig, "dried"' }),
  });
  t.equal(res.status, 201, res.body);
  t.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
  t.equal(res.body, 'id,name\n901,"fig, ""dried"""');
});
