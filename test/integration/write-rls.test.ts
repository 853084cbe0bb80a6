// Writes obey privileges and Row-Level Security: owner defaults from auth.user_id(), WITH CHECK → 403.
import t from 'tap';
import { jwksOf, makeKey, NOW_SECONDS, sign } from '../auth/fixtures.ts';
import { expectError } from '../helpers/expect-error.ts';
import { startTestApp } from '../helpers/test-app.ts';

const key = await makeKey('RS256');
const app = await startTestApp({}, { keySets: [jwksOf(key)], now: () => NOW_SECONDS * 1000 });
t.teardown(() => app.close());

const as = async (sub: string) => ({ authorization: `Bearer ${await sign(key, { sub })}` });
const memos = async () => app.sql('select owner, body from test.memos order by id');

t.test('anonymous writes to an RLS table are refused with 401 and change nothing', async (t) => {
  const before = await memos();
  const res = await app.request('POST', '/memos', { body: { body: 'anon' } });
  t.equal(res.status, 401);
  t.equal(res.json().code, '42501');
  t.equal(res.headers['www-authenticate'], 'Bearer');
  t.same(await memos(), before);
});

t.test('insert: owner comes from the column default auth.user_id()', async (t) => {
  const res = await app.request('POST', '/memos?select=owner,body', {
    headers: { ...(await as('alice')), prefer: 'return=representation' },
    body: { body: 'second alice memo' },
  });
  t.equal(res.status, 201, res.body);
  t.same(res.json(), [{ owner: 'alice', body: 'second alice memo' }]);
  const defaults = await app.request('POST', '/memos?columns=owner,body&select=owner,body', {
    headers: { ...(await as('carol')), prefer: 'missing=default, return=representation' },
    body: [{ body: 'carol 1' }, { body: 'carol 2', owner: 'carol' }],
  });
  t.equal(defaults.status, 201, defaults.body);
  t.same(
    defaults.json(),
    [
      { owner: 'carol', body: 'carol 1' },
      { owner: 'carol', body: 'carol 2' },
    ],
    'missing=default evaluates auth.user_id() too',
  );
});

t.test('WITH CHECK violations are 403 and roll back the whole request', async (t) => {
  const before = await memos();
  const bulk = await app.request('POST', '/memos?columns=owner,body', {
    headers: await as('alice'),
    body: [
      { owner: 'alice', body: 'fine' },
      { owner: 'bob', body: 'forged' },
    ],
  });
  t.equal(bulk.status, 403, bulk.body);
  t.equal(bulk.json().code, '42501');
  t.match(bulk.json().message, /row-level security/);
  const steal = await app.request('PATCH', '/memos?owner=eq.alice', { headers: await as('alice'), body: { owner: 'bob' } });
  await expectError(t, steal, { code: '42501', status: 403, message: 'new row violates row-level security policy for table "memos"' });
  t.same(await memos(), before);
});

t.test("update and delete only reach the caller's rows", async (t) => {
  const patch = await app.request('PATCH', '/memos?select=owner,body', {
    headers: { ...(await as('bob')), prefer: 'return=representation, count=exact' },
    body: { body: 'bob edited' },
  });
  t.equal(patch.status, 200, patch.body);
  t.same(patch.json(), [{ owner: 'bob', body: 'bob edited' }]);
  t.equal(patch.headers['content-range'], '0-0/1');
  const del = await app.request('DELETE', '/memos', { headers: { ...(await as('bob')), prefer: 'count=exact' } });
  t.equal(del.status, 204);
  t.equal(del.headers['content-range'], '*/1');
  const left = await memos();
  t.notOk(
    left.some((n) => n.owner === 'bob'),
    "bob's memos are gone",
  );
  t.ok(
    left.some((n) => n.owner === 'alice'),
    "alice's memos remain",
  );
});

t.test("an upsert cannot take over another user's row", async (t) => {
  const aliceId = (await app.sql("select id from test.memos where owner = 'alice' order by id limit 1"))[0]!.id as number;
  const before = await memos();
  const res = await app.request('PUT', `/memos?id=eq.${aliceId}`, {
    headers: await as('mallory'),
    body: { id: aliceId, owner: 'mallory', body: 'mine now' },
  });
  await expectError(t, res, { code: '42501', status: 403, message: /^new row violates row-level security policy .*for table "memos"$/ });
  t.same(await memos(), before);
});
