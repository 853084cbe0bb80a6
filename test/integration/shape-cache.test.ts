// Requests served from a shape's template (src/shape-cache.ts) run as their own user, with their own settings and
// values, against a real PostgreSQL with RLS: a template holds SQL text, never another request's identity or answer.
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';
import { createTokenMinter } from '../helpers/tokens.ts';

const minter = await createTokenMinter();
const app = await startTestApp({}, { keySets: minter.keySets });
t.teardown(() => app.close());
const shapes = app.deps.shapes!;

const tasks = (res: { json(): Array<{ task: string }> }) =>
  res
    .json()
    .map((r) => r.task)
    .sort();

t.test('users taking turns on one shape each see only their own rows, every time', async (t) => {
  const expected: Record<string, string[]> = {
    alice: ['alice: buy milk', 'alice: file taxes'],
    bob: ['bob: fix bike'],
    mallory: [],
    anonymous: ['public: team lunch'],
  };
  const hitsBefore = shapes.hits;
  for (let round = 0; round < 4; round++) {
    for (const user of Object.keys(expected)) {
      const headers = user === 'anonymous' ? {} : await minter.bearer(user);
      const res = await app.request('GET', `/todos?select=task&id=lt.${1000 + round}&task=neq.none`, { headers });
      t.equal(res.status, 200, res.body);
      t.same(tasks(res), expected[user], `round ${round}, ${user}`);
    }
  }
  t.ok(shapes.hits - hitsBefore >= 12, `served from the template (${shapes.hits - hitsBefore} hits)`);
});

t.test('the filter values of each request reach the database', async (t) => {
  const bearer = await minter.bearer('alice');
  const all = (await app.request('GET', '/todos?select=id,task&order=id', { headers: bearer })).json() as Array<{ id: number }>;
  t.equal(all.length, 2);
  const hitsBefore = shapes.hits;
  for (let i = 0; i < 3; i++)
    for (const row of all) {
      const res = await app.request('GET', `/todos?select=id,task&id=eq.${row.id}`, { headers: bearer });
      t.same(res.json(), [row]);
      t.equal(res.headers['content-location'], `/todos?id=eq.${row.id}&select=id%2Ctask`, 'Content-Location is this request’s');
    }
  const res = await app.request('GET', '/todos?select=id,task&id=eq.abc', { headers: bearer });
  t.equal(res.status, 400, 'a value PostgreSQL refuses is refused as before');
  t.equal(res.json().code, '22P02');
  t.ok(shapes.hits - hitsBefore >= 4, `served from the template (${shapes.hits - hitsBefore} hits)`);
});

t.test('role, claims, headers and cookies are each request’s own', async (t) => {
  const hitsBefore = shapes.hits;
  for (const [i, user] of ['alice', 'bob', 'carol', 'alice'].entries()) {
    const bearer = await minter.bearer(user, { email: `${user}@example.com` });
    const res = await app.request('GET', `/whoami?method=eq.GET&path=neq.x${i}`, { headers: { ...bearer, cookie: `n=${i}`, 'x-trace': `T${i}` } });
    t.equal(res.status, 200, res.body);
    const [row] = res.json();
    t.equal(row.user_id, user);
    t.equal(row.claims.email, `${user}@example.com`);
    t.equal(row.headers['x-trace'], `T${i}`);
    t.equal(row.headers.authorization, bearer.authorization);
    t.same(row.cookies, { n: String(i) });
  }
  const anonymous = (await app.request('GET', '/whoami?method=eq.GET&path=neq.y')).json()[0];
  t.equal(anonymous.role, 'anonymous');
  t.equal(anonymous.user_id, null);
  t.ok(shapes.hits - hitsBefore >= 3, `served from the template (${shapes.hits - hitsBefore} hits)`);
});

t.test('a schema reload plans afresh', async (t) => {
  const bearer = await minter.bearer('alice');
  for (let i = 0; i < 3; i++) await app.request('GET', `/todos?id=gte.${i}`, { headers: bearer });
  await app.sql('alter table test.todos add column note text');
  t.teardown(() => app.sql('alter table test.todos drop column note'));
  await app.schema.reload();
  const res = await app.request('GET', '/todos?id=gte.0&order=id&limit=1', { headers: bearer });
  t.ok('note' in res.json()[0], 'the new column is in a select=* after the reload');
  const again = await app.request('GET', '/todos?id=gte.1', { headers: bearer });
  t.ok('note' in again.json()[0], 'also for a shape templated before the reload');
});
