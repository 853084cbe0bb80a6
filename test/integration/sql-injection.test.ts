// Injection regression: with standard_conforming_strings=off set for the login role, backslash-and-quote inputs across the grammar stay inert.
import postgres from 'postgres';
import t from 'tap';
import { startTestApp, testExecutor, type TestResponse } from '../helpers/test-app.ts';
import { TEST_LOGIN_ROLE } from '../helpers/template.ts';

const app = await startTestApp({}, {}, async (db) => {
  // Scoped to this test database: roles are cluster-wide, other test files must not see it.
  await db.admin.runScript(`alter role ${TEST_LOGIN_ROLE} in database ${new URL(db.superUri).pathname.slice(1)} set standard_conforming_strings = off;
    create table test.canary (id int primary key, note text);
    insert into test.canary values (1, 'untouched');
    grant select, insert, update, delete on test.canary to anonymous;
    create function test.conforming() returns text language sql stable as $$ select current_setting('standard_conforming_strings') $$;
    create function test.turn_off_conforming() returns text language sql volatile
      as $$ select set_config('standard_conforming_strings', 'off', false) $$;
    grant execute on function test.conforming(), test.turn_off_conforming() to anonymous;`);
});
t.teardown(() => app.close());

/** Each breaks out of a string literal if backslashes were escapes: `\'` closes nothing, `'` then ends the literal. */
const HOSTILE = [
  `\\') OR true --`,
  `\\'||(select note from test.canary)||'`,
  `x\\'; delete from test.canary; --`,
  `\\\\'); select pg_sleep(3); --`,
  `\\'::text) union select id::text from test.canary --`,
  `a\\`,
  `'; set role ${TEST_LOGIN_ROLE}; --`,
];
/** JSON keys within the field grammar (no ( ) , . : which end a key) that would still break out. */
const KEYS = [`\\' OR true /*`, `x\\'; delete from canary /*`, `\\\\' OR 1=1 /*`, `a\\`, `\\'||current_user||'`, `'; set role ${TEST_LOGIN_ROLE} /*`];
const enc = encodeURIComponent;

type Asserts = { ok(v: unknown, m: string): unknown; notMatch(a: unknown, b: RegExp, m: string): unknown };

async function checkInert(t: Asserts, res: TestResponse, what: string): Promise<void> {
  t.ok(res.status < 500, `${what}: ${res.status} ${res.body.slice(0, 200)}`);
  t.notMatch(res.body, /syntax error at|unterminated|"42601"/i, `${what}: no SQL fragments in the body`);
}

t.test('the login role really has standard_conforming_strings off, and the API forces it on', async (t) => {
  const direct = postgres(app.testDb.uri, { max: 1, onnotice: () => {} });
  try {
    const [row] = await direct`show standard_conforming_strings`;
    t.equal(row!.standard_conforming_strings, 'off', 'a connection without the start-up setting gets off');
  } finally {
    await direct.end();
  }
  const res = await app.request('POST', '/rpc/conforming', { body: {} });
  t.equal(res.status, 200, res.body);
  t.equal(res.json(), 'on');
});

t.test('JSON path keys, filters, casts, order and logic trees', async (t) => {
  const [{ n: rowsWithData }] = (await app.sql('select count(*)::int as n from test.items')) as [{ n: number }];
  for (const [i, h] of KEYS.entries()) {
    const v = HOSTILE[i]!;
    const started = Date.now();
    const select = await app.request('GET', `/items?select=id,v:data->>${enc(h)}&order=id`);
    await checkInert(t, select, 'select json key');
    // The select grammar stops keys at ( ) , : so some of these are parse errors (as in PostgREST).
    if (select.status === 200)
      t.same(
        select.json().map((r: { v: unknown }) => r.v),
        Array(rowsWithData).fill(null),
        'a key no row has yields NULL',
      );
    else t.equal(select.json().code, 'PGRST100');

    const filtered = await app.request('GET', `/items?select=id&data->>${enc(h)}=is.null`);
    t.equal(filtered.json().length, rowsWithData, 'filter on the key matches exactly the rows without it');
    const matched = await app.request('GET', `/items?select=id&data->>${enc(h)}=eq.${enc(v)}`);
    t.same(matched.json(), [], 'no extra rows');
    const arrow = await app.request('GET', `/items?select=id&data->${enc(h)}->>x=not.is.null`);
    t.same(arrow.json(), []);

    await checkInert(t, await app.request('GET', `/items?select=id::${enc(h)}`), 'cast');
    await checkInert(t, await app.request('GET', `/items?select=data->>${enc(h)}::text`), 'json key + cast');
    const ordered = await app.request('GET', `/items?select=id&order=data->>${enc(h)}.desc.nullslast,id`);
    t.same(
      ordered.json().map((r: { id: number }) => r.id),
      [1, 2, 3, 4, 5],
      'order by the key',
    );
    const logic = await app.request(
      'GET',
      `/items?select=id&or=(data->>${enc(h)}.eq.${enc(JSON.stringify(v))},name.eq.${enc(JSON.stringify(v))},and(id.eq.1,name.like.${enc(JSON.stringify(`*${v}x`))}))`,
    );
    t.same(logic.json(), [], 'logic tree');
    const notLogic = await app.request('GET', `/items?select=id&not.and=(data->${enc(h)}.is.null,id.gt.0)`);
    t.same(notLogic.json(), []);
    await checkInert(t, await app.request('GET', `/items?${enc(h)}=eq.1`), 'column name');
    await checkInert(t, await app.request('GET', `/items?select=${enc(h)}:name`), 'alias');
    await checkInert(t, await app.request('GET', `/items?select=name&name=in.(${enc(JSON.stringify(v))},x)`), 'in list');

    const fts = await app.request('GET', `/docs?select=id&tsv=fts(${enc(h)}).fox`);
    await checkInert(t, fts, 'fts language');
    t.not(fts.status, 200, 'an unknown text search configuration is an error');
    const ftsValue = await app.request('GET', `/docs?select=id&title=plfts.${enc(v)}`);
    t.equal(ftsValue.status, 200, ftsValue.body);
    t.ok(logic.status === 200 && notLogic.status === 200 && ordered.status === 200 && matched.status === 200, 'the key parsed everywhere');

    const whoami = await app.request('GET', `/whoami?select=role,k:claims->>${enc(h)}&claims->>${enc(h)}=is.null`);
    t.same(whoami.json(), [{ role: 'anonymous', k: null }], 'no role switch');
    t.ok(Date.now() - started < 2500, 'no injected pg_sleep ran');
  }
});

t.test('RPC arguments come back byte for byte', async (t) => {
  for (const h of HOSTILE) {
    const get = await app.request('GET', `/rpc/greet?name=${enc(h)}`);
    t.equal(get.json(), `hello ${h}`);
    const post = await app.request('POST', '/rpc/get_json', { body: { j: { [h]: h } } });
    t.same(post.json(), { [h]: h });
    await checkInert(t, await app.request('POST', `/rpc/greet?select=${enc(h)}`, { body: { name: h } }), 'rpc select');
    await checkInert(t, await app.request('POST', '/rpc/greet', { body: { [h]: h } }), 'rpc unknown argument');
  }
});

t.test('writes: values, columns, on_conflict, CSV headers', async (t) => {
  for (const [i, h] of HOSTILE.entries()) {
    const insert = await app.request('POST', '/kv?select=k', { headers: { prefer: 'return=representation' }, body: { k: h, v: 100 + i } });
    t.equal(insert.status, 201, insert.body);
    t.same(insert.json(), [{ k: h }]);
    await checkInert(t, await app.request('POST', `/kv?columns=k,${enc(h)}`, { body: { k: `c${i}`, v: 1 } }), 'columns');
    await checkInert(
      t,
      await app.request('POST', `/kv?on_conflict=${enc(h)}`, { headers: { prefer: 'resolution=merge-duplicates' }, body: { k: 'a', v: 1 } }),
      'on_conflict',
    );
    await checkInert(
      t,
      await app.request('POST', '/kv', { headers: { 'content-type': 'text/csv' }, body: `k,"${h.replace(/"/g, '""')}"\nz${i},1` }),
      'csv header',
    );
    const patch = await app.request('PATCH', `/kv?k=eq.${enc(h)}`, { body: { v: 200 + i } });
    t.equal(patch.status, 204, patch.body);
    await checkInert(t, await app.request('PATCH', `/kv?data->>${enc(h)}=is.null`, { body: { v: 0 } }), 'patch on a json key of a non-json column');
  }
  const stored = (await app.sql('select k, v from test.kv where v >= 200 order by v')) as Array<{ k: string; v: number }>;
  t.same(
    stored.map((r) => r.k),
    HOSTILE,
    'every value stored exactly as sent',
  );
  const canary = await app.sql('select id, note from test.canary');
  t.same(canary, [{ id: 1, note: 'untouched' }], 'canary unchanged');
});

t.test('a connection that reports standard_conforming_strings off is refused', async (t) => {
  const off = await app.request('POST', '/rpc/turn_off_conforming', { body: {} });
  t.equal(off.status, 503, off.body);
  if (testExecutor() === 'pipeline') {
    const after = await app.request('POST', '/rpc/conforming', { body: {} });
    t.equal(after.json(), 'on', 'the next request runs on a fresh, conforming connection');
  }
});
