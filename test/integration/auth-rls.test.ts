// End to end: bearer tokens → role + request.jwt.claims → RLS through auth.user_id(), and auth failures.
import t from 'tap';
import { expectError } from '../helpers/expect-error.ts';
import { startTestApp } from '../helpers/test-app.ts';
import { createTokenMinter } from '../helpers/tokens.ts';

const minter = await createTokenMinter();
const app = await startTestApp({}, { keySets: minter.keySets });
t.teardown(() => app.close());

const tasks = (res: { json(): Array<{ task: string }> }) =>
  res
    .json()
    .map((r) => r.task)
    .sort();

t.test('each user sees only their own rows; anonymous sees what its policy allows', async (t) => {
  const alice = await app.request('GET', '/todos?select=task', { headers: await minter.bearer('alice') });
  t.equal(alice.status, 200);
  t.same(tasks(alice), ['alice: buy milk', 'alice: file taxes']);
  const bob = await app.request('GET', '/todos?select=task', { headers: await minter.bearer('bob') });
  t.same(tasks(bob), ['bob: fix bike']);
  const anonymous = await app.request('GET', '/todos?select=task');
  t.same(tasks(anonymous), ['public: team lunch']);
  const stranger = await app.request('GET', '/todos?select=task', { headers: await minter.bearer('mallory') });
  t.same(stranger.json(), []);
});

t.test('filters cannot widen what RLS allows', async (t) => {
  const res = await app.request('GET', '/todos?select=task&or=(owner.eq.bob,owner.eq.alice)', { headers: await minter.bearer('alice') });
  t.same(tasks(res), ['alice: buy milk', 'alice: file taxes']);
});

t.test('the transaction carries role, claims and request settings', async (t) => {
  const bearer = await minter.bearer('alice', { email: 'a@example.com' });
  const res = await app.request('GET', '/whoami', { headers: { ...bearer, cookie: 'theme=dark; session=abc', 'x-trace': 'T1' } });
  t.equal(res.status, 200, res.body);
  const [row] = res.json();
  t.equal(row.user_id, 'alice');
  t.equal(row.uid, null, 'auth.uid() is NULL for a non-uuid sub');
  t.equal(row.role, 'authenticated');
  t.equal(row.claims.role, 'authenticated', 'the effective role is in the claims');
  t.equal(row.claims.email, 'a@example.com');
  t.equal(row.method, 'GET');
  t.equal(row.path, '/whoami');
  t.equal(row.headers['x-trace'], 'T1');
  t.equal(row.headers.authorization, bearer.authorization, 'like PostgREST, request.headers has every header but the cookie');
  t.equal(row.headers.cookie, undefined);
  t.same(row.cookies, { theme: 'dark', session: 'abc' });
  t.match(row.search_path, /"test"/);
  t.equal(row.read_only, 'on', 'GET runs read-only');
  const uuid = '0b5f1f8e-4c5e-4b8e-9a51-3f0a5c3b7d21';
  const withUuid = (await app.request('GET', '/whoami', { headers: await minter.bearer(uuid) })).json()[0];
  t.equal(withUuid.uid, uuid);
  const anonymous = (await app.request('GET', '/whoami')).json()[0];
  t.equal(anonymous.user_id, null);
  t.equal(anonymous.role, 'anonymous');
  t.same(anonymous.claims, { role: 'anonymous' });
});

t.test('settings do not leak between requests on the same connections', async (t) => {
  const users = ['alice', 'bob', 'carol', 'dave'];
  const tokens = await Promise.all(users.map((u) => minter.bearer(u)));
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) => {
      const user = i % (users.length + 1);
      const headers = user === users.length ? {} : tokens[user]!;
      return app.request('GET', '/whoami?select=user_id', { headers }).then((r) => [user, r.json()[0].user_id] as const);
    }),
  );
  const wrong = results.filter(([user, seen]) => seen !== (user === users.length ? null : users[user]));
  t.equal(wrong.length, 0, 'every request saw its own user');
});

t.test('permission errors: 401 for anonymous, 403 for authenticated', async (t) => {
  const anonymous = await app.request('GET', '/secrets');
  t.equal(anonymous.status, 401);
  t.equal(anonymous.json().code, '42501');
  t.equal(anonymous.headers['www-authenticate'], 'Bearer');
  const authed = await app.request('GET', '/secrets', { headers: await minter.bearer('alice') });
  t.equal(authed.status, 403);
  t.equal(authed.json().code, '42501');
});

t.test('bad tokens are refused before touching the database', async (t) => {
  const token = await minter.tokenFor('alice');
  const cases: Array<[Record<string, string>, string]> = [
    [{ authorization: 'Bearer not.a.jwt' }, 'PGRST301'],
    [{ authorization: `Bearer ${token.slice(0, -4)}AAAA` }, 'PGRST301'],
    [{ authorization: `Bearer ${await minter.tokenFor('alice', { exp: Math.floor(Date.now() / 1000) - 120 })}` }, 'PGRST303'],
  ];
  for (const [headers, code] of cases) {
    const res = await app.request('GET', '/todos', { headers });
    t.equal(res.status, 401);
    t.equal(res.json().code, code);
    t.match(res.headers['www-authenticate'], /^Bearer error="invalid_token"/);
    t.notMatch(res.body, token.slice(20, 60), 'the token does not appear in the error');
  }
});

t.test('--jwt-role-claim-key picks a database role from the token', async (t) => {
  const roleApp = await startTestApp({ 'jwt-role-claim-key': '.app_role' }, { keySets: minter.keySets });
  t.teardown(() => roleApp.close());
  const admin = await roleApp.request('GET', '/todos?select=task', { headers: await minter.bearer('zed', { app_role: 'test_admin' }) });
  t.equal(admin.status, 200, admin.body);
  t.equal(admin.json().length, 4, 'the admin policy shows every row');
  const missing = await roleApp.request('GET', '/todos', { headers: await minter.bearer('zed', { app_role: 'no_such_role' }) });
  await expectError(t, missing, { code: '22023', status: 401, message: 'role "no_such_role" does not exist' });
});

t.test('anonymous access disabled → 401 PGRST302', async (t) => {
  const closed = await startTestApp({ 'db-anon-role': '' }, { keySets: minter.keySets });
  t.teardown(() => closed.close());
  const res = await closed.request('GET', '/todos');
  t.equal(res.status, 401);
  t.equal(res.json().code, 'PGRST302');
  t.equal(res.headers['www-authenticate'], 'Bearer');
  t.equal((await closed.request('GET', '/todos', { headers: await minter.bearer('bob') })).status, 200);
});
