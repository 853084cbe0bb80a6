// Upserts: POST with resolution=merge/ignore-duplicates (PK or on_conflict=), and PUT's single-row rules.
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';

const app = await startTestApp();
t.teardown(() => app.close());

const rows = (table: string, where = 'true') => app.sql(`select * from test.${table} where ${where} order by 1, 2`);
const count = async (table: string): Promise<number> => Number((await app.sql(`select count(*)::int as n from test.${table}`))[0]!.n);

t.test('merge-duplicates on the primary key: inserts and updates in one request', async (t) => {
  const res = await app.request('POST', '/projects?select=id,name&order=id', {
    headers: { prefer: 'resolution=merge-duplicates, return=representation' },
    body: [
      { id: 1, name: 'home (renamed)' },
      { id: 7, name: 'new' },
    ],
  });
  t.equal(res.status, 201, res.body);
  t.equal(res.headers['preference-applied'], 'resolution=merge-duplicates, return=representation');
  t.same(res.json(), [
    { id: 1, name: 'home (renamed)' },
    { id: 7, name: 'new' },
  ]);
  t.same(await rows('projects', 'id in (1, 7)'), [
    { id: 1, name: 'home (renamed)' },
    { id: 7, name: 'new' },
  ]);
});

t.test('merge-duplicates that only updates answers 200', async (t) => {
  const res = await app.request('POST', '/projects', {
    headers: { prefer: 'resolution=merge-duplicates' },
    body: [
      { id: 1, name: 'home' },
      { id: 2, name: 'work (again)' },
    ],
  });
  t.equal(res.status, 200, res.body);
  t.equal(res.body, '');
  t.same(await rows('projects', 'id in (1, 2)'), [
    { id: 1, name: 'home' },
    { id: 2, name: 'work (again)' },
  ]);
});

t.test('ignore-duplicates keeps existing rows and inserts the rest', async (t) => {
  const res = await app.request('POST', '/projects?select=id,name', {
    headers: { prefer: 'resolution=ignore-duplicates, return=representation' },
    body: [
      { id: 1, name: 'ignored' },
      { id: 8, name: 'eight' },
    ],
  });
  t.equal(res.status, 201, res.body);
  t.same(res.json(), [{ id: 8, name: 'eight' }], 'only the inserted row is returned');
  t.same(await rows('projects', 'id in (1, 8)'), [
    { id: 1, name: 'home' },
    { id: 8, name: 'eight' },
  ]);
});

t.test('on_conflict= picks a unique constraint (table without a primary key)', async (t) => {
  const res = await app.request('POST', '/kv?on_conflict=k&select=k,v&order=k', {
    headers: { prefer: 'resolution=merge-duplicates, return=representation' },
    body: [
      { k: 'a', v: 100 },
      { k: 'z', v: 26 },
    ],
  });
  t.equal(res.status, 201, res.body);
  t.same(res.json(), [
    { k: 'a', v: 100 },
    { k: 'z', v: 26 },
  ]);
  const noTarget = await app.request('POST', '/kv', { headers: { prefer: 'resolution=merge-duplicates' }, body: { k: 'a', v: 5 } });
  t.equal(noTarget.status, 409, 'without a primary key or on_conflict it is a plain insert');
  t.equal(noTarget.json().code, '23505');
  t.equal(noTarget.headers['preference-applied'], undefined);
  const notUnique = await app.request('POST', '/kv?on_conflict=v', { headers: { prefer: 'resolution=merge-duplicates' }, body: { k: 'q', v: 5 } });
  t.equal(notUnique.status, 400, notUnique.body);
  t.equal(notUnique.json().code, '42P10');
  const unknown = await app.request('POST', '/kv?on_conflict=nope', { headers: { prefer: 'resolution=merge-duplicates' }, body: { k: 'q', v: 5 } });
  t.equal(unknown.status, 400);
  t.equal(unknown.json().code, 'PGRST204');
  t.same(await rows('kv', "k in ('q', 'a')"), [{ k: 'a', v: 100 }]);
});

t.test('composite primary key merge with missing=default', async (t) => {
  const res = await app.request('POST', '/pairs?columns=a,b,v', {
    headers: { prefer: 'resolution=merge-duplicates, missing=default' },
    body: [
      { a: 1, b: 'x', v: 'merged' },
      { a: 2, b: 'y' },
    ],
  });
  t.equal(res.status, 201, res.body);
  t.equal(res.headers['preference-applied'], 'resolution=merge-duplicates, missing=default');
  t.same(await rows('pairs', 'a in (1, 2)'), [
    { a: 1, b: 'x', v: 'merged' },
    { a: 2, b: 'y', v: null },
  ]);
});

t.test('PUT inserts (201) then replaces (200) a row addressed by its primary key', async (t) => {
  const created = await app.request('PUT', '/projects?id=eq.40&select=id,name', {
    headers: { prefer: 'return=representation' },
    body: { id: 40, name: 'forty' },
  });
  t.equal(created.status, 201, created.body);
  t.same(created.json(), [{ id: 40, name: 'forty' }]);
  t.equal(created.headers['content-range'], undefined);
  const replaced = await app.request('PUT', '/projects?id=eq.40', {
    headers: { prefer: 'return=representation' },
    body: [{ id: 40, name: 'forty again' }],
  });
  t.equal(replaced.status, 200, replaced.body);
  t.same(replaced.json(), [{ id: 40, name: 'forty again' }]);
  const minimal = await app.request('PUT', '/pairs?b=eq.k&a=eq.41', { body: { a: 41, b: 'k', v: 'v' } });
  t.equal(minimal.status, 204, minimal.body);
  t.equal(minimal.body, '', 'return=minimal: no body');
  t.same(await rows('pairs', 'a = 41'), [{ a: 41, b: 'k', v: 'v' }]);
});

t.test("PUT errors follow PostgREST's rules and change nothing", async (t) => {
  const before = await Promise.all(['projects', 'pairs', 'kv'].map(count));
  const cases: Array<[string, string, unknown, number, string]> = [
    ['/projects?id=eq.41', '', { id: 42, name: 'mismatch' }, 400, 'PGRST115'],
    ['/projects?id=eq.41', '', { id: '41x', name: 'bad' }, 400, '22P02'],
    ['/projects?id=gt.41', '', { id: 41, name: 'op' }, 405, 'PGRST105'],
    ['/projects?id=not.eq.41', '', { id: 41, name: 'not' }, 405, 'PGRST105'],
    ['/projects?name=eq.x', '', { id: 41, name: 'x' }, 405, 'PGRST105'],
    ['/projects?id=eq.41&name=eq.x', '', { id: 41, name: 'x' }, 405, 'PGRST105'],
    ['/projects', '', { id: 41, name: 'none' }, 405, 'PGRST105'],
    ['/projects?id=eq.41&or=(id.eq.1)', '', { id: 41, name: 'x' }, 405, 'PGRST105'],
    ['/pairs?a=eq.41', '', { a: 41, b: 'k', v: 'v' }, 405, 'PGRST105'],
    ['/kv?k=eq.a', '', { k: 'a', v: 1 }, 405, 'PGRST105'],
    ['/projects?id=eq.41', '', { id: 41 }, 400, 'PGRST102'],
    [
      '/projects?id=eq.41',
      '',
      [
        { id: 41, name: 'a' },
        { id: 41, name: 'b' },
      ],
      400,
      'PGRST102',
    ],
    ['/projects?id=eq.41&limit=1', '', { id: 41, name: 'x' }, 400, 'PGRST114'],
    ['/projects?id=eq.41&columns=id', '', { id: 41, name: 'x' }, 400, 'PGRST102'],
  ];
  for (const [url, , body, status, code] of cases) {
    const res = await app.request('PUT', url, { body: body as object });
    t.equal(res.status, status, `${url} ${JSON.stringify(body)} → ${res.body}`);
    t.equal(res.json().code, code, url);
  }
  t.same(await Promise.all(['projects', 'pairs', 'kv'].map(count)), before);
  t.same(await rows('projects', 'id in (41, 42)'), []);
});

t.test('PUT through a view without a primary key is PGRST105; OPTIONS says so', async (t) => {
  const res = await app.request('PUT', '/open_tasks?id=eq.1', { body: { id: 1, title: 't', priority: 1 } });
  t.equal(res.status, 405);
  t.equal(res.json().code, 'PGRST105');
});
