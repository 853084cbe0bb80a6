// Row-level security applies inside embeds: the embedded table's policies filter its rows for the token's user.
import t from 'tap';
import { frozenClock, jwksOf, makeKey, sign } from '../auth/fixtures.ts';
import { startTestApp } from '../helpers/test-app.ts';

const key = await makeKey('ES256', 'embed-rls');
const clock = frozenClock();
const app = await startTestApp({}, { keySets: [jwksOf(key)], now: clock.now });
t.teardown(() => app.close());

const asUser = async (sub: string | null, url: string) => {
  const headers: Record<string, string> = sub === null ? {} : { authorization: `Bearer ${await sign(key, { sub })}` };
  const res = await app.request('GET', url, { headers });
  t.equal(res.status, 200, `${url} as ${sub}: ${res.body}`);
  return res.json();
};

const url = '/em_tasks?select=title,em_notes(body)&id=in.(1,2)&order=id&em_notes.order=id';

t.test('each user sees only their own notes inside the embed', async (t) => {
  t.same(await asUser('user-1', url), [
    { title: 'design', em_notes: [{ body: 'mine' }] },
    { title: 'build', em_notes: [{ body: 'also mine' }] },
  ]);
  t.same(await asUser('user-2', url), [
    { title: 'design', em_notes: [{ body: 'theirs' }] },
    { title: 'build', em_notes: [] },
  ]);
  t.same(await asUser(null, url), [
    { title: 'design', em_notes: [] },
    { title: 'build', em_notes: [] },
  ]);
});

t.test('!inner and rel=is.null see the filtered rows too (also in the exact count)', async (t) => {
  t.same(await asUser('user-2', '/em_tasks?select=title,em_notes!inner(body)&order=id'), [{ title: 'design', em_notes: [{ body: 'theirs' }] }]);
  const headers = { authorization: `Bearer ${await sign(key, { sub: 'user-2' })}`, prefer: 'count=exact' };
  const res = await app.request('GET', '/em_tasks?select=title,em_notes()&em_notes=is.null&id=in.(1,2)', { headers });
  t.same(res.json(), [{ title: 'build' }]);
  t.equal(res.headers['content-range'], '0-0/1');
});
