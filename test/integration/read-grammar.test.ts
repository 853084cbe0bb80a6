// The whole read grammar against a real database: operators, logic, JSON paths, FTS, ranges,
// counts, CSV, singular objects, stripped nulls and aggregates.
import t from 'tap';
import { expectError } from '../helpers/expect-error.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const app = await startTestApp({ 'db-aggregates-enabled': 'true' });
t.teardown(() => app.close());

const ids = async (query: string, target: TestApp = app) => {
  const res = await target.request('GET', `/docs?select=id&order=id&${query}`);
  if (res.status !== 200) throw new Error(`${query} → ${res.status} ${res.body}`);
  return res.json().map((r: { id: number }) => r.id);
};

t.test('operators', async (t) => {
  const cases: Array<[string, number[]]> = [
    ['score=isdistinct.10', [2, 3, 4]],
    ['score=not.isdistinct.10', [1]],
    ['title=match.^Foxes', [3]],
    ['title=imatch.^the', [1]],
    ['title=not.imatch.fox', [2, 4]],
    ['nums=cs.{3}', [1, 2]],
    ['nums=cd.{1,2,3,4}', [1, 2, 3]],
    ['nums=ov.{4,9}', [2]],
    ['during=cs.[2,3]', [1]],
    ['during=ov.[4,6)', [1, 2]],
    ['during=sl.[10,20)', [1, 2]],
    ['during=sr.[10,15)', [3]],
    ['during=nxr.[1,10)', [1, 2]],
    ['during=nxl.[4,6)', [2, 3]],
    ['during=adj.[10,20)', [2, 3]],
    ['meta=cs.{"k":1}', [1, 3]],
    ['meta=cd.{"k":1,"x":true,"y":0}', [3]],
    ['meta->tags=cs.["a"]', [1]],
    ['meta->>k=eq.2', [2]],
    ['meta->k=eq.1', [1, 3]],
    ['score=eq(any).{10,40}', [1, 4]],
    ['title=like(any).{*fox*,*cats*}', [1, 2]],
    ['title=ilike(all).{*o*,*x*}', [1, 3]],
    ['score=gt(all).{5,20}', [3, 4]],
    ['score=in.()', []],
    ['score=is.null', [2]],
    ['score=is.not_null', [1, 3, 4]],
    ['score=not.is.null', [1, 3, 4]],
  ];
  for (const [query, expected] of cases) t.same(await ids(query), expected, query);
  const unknown = await app.request('GET', '/items?select=id&active=is.unknown');
  t.same(unknown.json(), [{ id: 4 }], 'is.unknown on a boolean');
});

t.test('full-text search in four modes, with and without a language', async (t) => {
  const cases: Array<[string, number[]]> = [
    ['tsv=fts.fox', [1, 3]],
    ['tsv=fts(english).jumping', [1]],
    ['tsv=plfts.lazy dog', [1]],
    ['tsv=phfts(english).lazy dog', [1]],
    ['tsv=wfts(english).cats -dog', [2]],
    ['title=fts(english).sleeping', [2]],
    ['title=plfts.fox', [1, 3]],
    ['tsv=not.fts.fox', [2, 4]],
  ];
  for (const [query, expected] of cases) t.same(await ids(query), expected, query);
  const badLanguage = await app.request('GET', '/docs?tsv=fts(klingon).fox');
  await expectError(t, badLanguage, { code: '42704', status: 400, message: 'text search configuration "klingon" does not exist' });
});

t.test('logic trees nest, negate and carry quoted values', async (t) => {
  t.same(await ids('or=(score.gt.35,and(title.like.*ox*,score.lt.20))'), [1, 4]);
  t.same(await ids('not.or=(score.is.null,score.gt.20)'), [1]);
  t.same(await ids('and=(id.gte.2,or(score.is.null,title.eq."Comma, \\"quotes\\" and\nnewlines"))'.replace('\n', '%0A')), [2, 4]);
  t.same(await ids('or=(meta->>k.eq.2,nums.cs.{1})'), [1, 2]);
  t.same(await ids('or=(title.fts(english).foxes,score.eq.40)'), [1, 3, 4]);
  t.same(await ids('title=in.(%22Comma,%20%5C%22quotes%5C%22%20and%0Anewlines%22,Foxes%20and%20hounds)'), [3, 4]);
});

t.test('JSON paths in select, filters and order', async (t) => {
  const res = await app.request('GET', '/docs?select=id,k:meta->>k,first:meta->tags->0,last:meta->tags->-1&meta->tags=not.is.null');
  t.same(res.json(), [{ id: 1, k: '1', first: 'a', last: 'b' }]);
  const ordered = await app.request('GET', '/docs?select=id&meta=not.is.null&order=meta->>k.desc,id.desc');
  t.same(
    ordered.json().map((r: { id: number }) => r.id),
    [2, 3, 1],
  );
});

t.test('ranges: Range header, limit/offset, Content-Range, 206 and 416', async (t) => {
  const ranged = await app.request('GET', '/docs?select=id&order=id', { headers: { range: '1-2', 'range-unit': 'items', prefer: 'count=exact' } });
  t.equal(ranged.status, 206);
  t.equal(ranged.headers['content-range'], '1-2/4');
  t.equal(ranged.headers['preference-applied'], 'count=exact');
  t.same(ranged.json(), [{ id: 2 }, { id: 3 }]);
  const all = await app.request('GET', '/docs?select=id', { headers: { prefer: 'count=exact' } });
  t.equal(all.status, 200);
  t.equal(all.headers['content-range'], '0-3/4');
  const beyond = await app.request('GET', '/docs?offset=10', { headers: { prefer: 'count=exact' } });
  t.equal(beyond.status, 416);
  t.equal(beyond.json().code, 'PGRST103');
  const inverted = await app.request('GET', '/docs', { headers: { range: '5-2' } });
  t.equal(inverted.status, 416);
  t.equal(inverted.json().code, 'PGRST103');
  const negative = await app.request('GET', '/docs?limit=-1');
  await expectError(t, negative, { code: 'PGRST103', status: 416, message: 'Requested range not satisfiable' });
  t.equal(negative.json().details, 'Limit should be greater than or equal to zero.');
});

t.test('db-max-rows caps every read', async (t) => {
  const capped = await startTestApp({ 'db-max-rows': '2' });
  t.teardown(() => capped.close());
  const res = await capped.request('GET', '/docs?select=id&order=id', { headers: { prefer: 'count=exact' } });
  t.same(res.json(), [{ id: 1 }, { id: 2 }]);
  t.equal(res.headers['content-range'], '0-1/4');
  t.equal(res.status, 206);
  t.same((await capped.request('GET', '/docs?select=id&order=id&limit=10')).json().length, 2);
  const estimated = await capped.request('GET', '/docs?select=id', { headers: { prefer: 'count=estimated' } });
  t.match(estimated.headers['content-range'], /^0-1\/\d+$/);
  t.equal(estimated.headers['preference-applied'], 'count=estimated');
});

t.test('planned and estimated counts', async (t) => {
  await app.sql('analyze test.docs');
  const planned = await app.request('GET', '/docs?select=id', { headers: { prefer: 'count=planned' } });
  t.equal(planned.status === 200 || planned.status === 206, true);
  t.match(planned.headers['content-range'], /^0-3\/\d+$/);
  t.equal(planned.headers['preference-applied'], 'count=planned');
  const estimated = await app.request('GET', '/docs?select=id', { headers: { prefer: 'count=estimated' } });
  t.equal(estimated.headers['content-range'], '0-3/4', 'without db-max-rows, estimated is exact');
});

t.test('Prefer: handling=strict rejects unknown preferences', async (t) => {
  const res = await app.request('GET', '/docs', { headers: { prefer: 'handling=strict, count=exact, nonsense=1' } });
  t.equal(res.status, 400);
  t.equal(res.json().code, 'PGRST122');
  const lenient = await app.request('GET', '/docs?select=id', { headers: { prefer: 'nonsense=1, count=exact' } });
  t.equal(lenient.status, 200);
  t.equal(lenient.headers['preference-applied'], 'count=exact');
});

t.test('text/csv is built in Postgres with a header row and correct quoting', async (t) => {
  const res = await app.request('GET', '/docs?select=id,title,score,body&order=id&id=in.(2,4)', { headers: { accept: 'text/csv' } });
  t.equal(res.status, 200);
  t.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
  t.equal(res.body, 'id,title,score,body\n2,Lazy cats sleeping,,cats sleep all day\n4,"Comma, ""quotes"" and\nnewlines",40,"csv, ""edge"" case"');
  const empty = await app.request('GET', '/docs?select=id,title&id=eq.99', { headers: { accept: 'text/csv' } });
  t.equal(empty.body, 'id,title\n');
});

t.test('singular object responses', async (t) => {
  const accept = { accept: 'application/vnd.pgrst.object+json' };
  const one = await app.request('GET', '/docs?select=id,title&id=eq.1', { headers: accept });
  t.equal(one.status, 200);
  t.same(one.json(), { id: 1, title: 'The quick brown fox' });
  t.match(one.headers['content-type'], /^application\/vnd\.pgrst\.object\+json/);
  for (const query of ['id=gt.1', 'id=eq.99']) {
    const res = await app.request('GET', `/docs?${query}`, { headers: accept });
    t.equal(res.status, 406);
    t.equal(res.json().code, 'PGRST116');
    t.match(res.json().details, /The result contains \d+ rows/);
  }
});

t.test('media types: array+json, nulls=stripped, unsatisfiable Accept', async (t) => {
  const stripped = await app.request('GET', '/docs?select=id,score&id=eq.2', { headers: { accept: 'application/vnd.pgrst.array+json;nulls=stripped' } });
  t.same(stripped.json(), [{ id: 2 }]);
  const array = await app.request('GET', '/docs?select=id&id=eq.2', { headers: { accept: 'application/vnd.pgrst.array+json' } });
  t.same(array.json(), [{ id: 2 }]);
  const none = await app.request('GET', '/docs', { headers: { accept: 'application/xml' } });
  t.equal(none.status, 406);
  t.equal(none.json().code, 'PGRST107');
});

t.test('aggregates with automatic GROUP BY, and disabled by default', async (t) => {
  const res = await app.request('GET', '/items?select=active,total:qty.sum(),avg_price:price.avg()::int,count()&order=active');
  t.equal(res.status, 200, res.body);
  t.same(res.json(), [
    { active: false, total: 0, avg_price: 0, count: 1 },
    { active: true, total: 67, avg_price: 1, count: 3 },
    { active: null, total: 3, avg_price: 4, count: 1 },
  ]);
  const max = await app.request('GET', '/items?select=price.max(),qty.min()');
  t.same(max.json(), [{ max: 4, min: 0 }]);
  const off = await startTestApp();
  t.teardown(() => off.close());
  const refused = await off.request('GET', '/items?select=qty.sum()');
  t.equal(refused.status, 400);
  t.equal(refused.json().code, 'PGRST123');
});
