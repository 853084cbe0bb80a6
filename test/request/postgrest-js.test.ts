// The exact query strings @supabase/postgrest-js emits, captured with a fake fetch, → our AST.
import t from 'tap';
import { PostgrestClient } from '@supabase/postgrest-js';
import { col, parse } from './request-helpers.ts';
import type { ApiRequest } from '../../src/request/types.ts';

let captured = '';
const captureFetch = (async (input: RequestInfo | URL) => {
  captured = String(input instanceof Request ? input.url : input);
  return new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } });
}) as typeof fetch;
const db = new PostgrestClient('http://x', { fetch: captureFetch });

/** Awaits a builder and parses the query string it sent (a client upgrade that changes it shows here). */
async function sent(builder: PromiseLike<unknown>, path = '/t'): Promise<ApiRequest> {
  await builder;
  const url = new URL(captured);
  return parse(url.search.slice(1), { path });
}
const only = (req: ApiRequest) => {
  const [filter] = req.filters;
  return { field: filter?.field, negated: filter?.negated, operation: filter?.operation };
};
const from = () => db.from('t').select('*');

t.test('.in() with commas, quotes, parentheses, blanks and backslashes', async (t) => {
  const req = await sent(from().in('name', ['a,b', 'c"d', 'e(f)', 'g h', 'x\\y', 'plain']));
  t.same(only(req).operation, { kind: 'in', values: ['a,b', 'c"d', 'e(f)', 'g h', 'x\\y', 'plain'] });
  t.same(only(await sent(from().in('id', [1, 2, 3]))).operation, { kind: 'in', values: ['1', '2', '3'] });
  t.same(only(await sent(from().in('id', []))).operation, { kind: 'in', values: [] });
});

t.test('.not()', async (t) => {
  t.same(only(await sent(from().not('a', 'in', '(1,2)'))), { field: col('a'), negated: true, operation: { kind: 'in', values: ['1', '2'] } });
  t.same(only(await sent(from().not('a', 'is', null))), { field: col('a'), negated: true, operation: { kind: 'is', value: 'null' } });
  t.same(only(await sent(from().not('a', 'eq', 'x,y'))), { field: col('a'), negated: true, operation: { kind: 'simple', operator: 'eq', value: 'x,y' } });
});

t.test('.or() top level and on a referenced table', async (t) => {
  const top = await sent(from().or('a.eq.1,b.in.(1,"2,3")'));
  t.same(top.logic[0]?.tree.children.length, 2);
  t.same(top.logic[0]?.tree.children[1], {
    kind: 'condition',
    condition: { field: col('b'), negated: false, operation: { kind: 'in', values: ['1', '2,3'] } },
  });
  const nested = await sent(from().or('and(a.gt.1,a.lt.5),c.is.null', { referencedTable: 'tasks' }));
  t.same(nested.logic[0]?.path, ['tasks']);
  t.equal(nested.logic[0]?.tree.children[0]?.kind, 'expr');
  const legacy = await sent(from().or('a.eq.1', { foreignTable: 'tasks' }));
  t.same(legacy.logic[0]?.path, ['tasks']);
});

t.test('.contains() / .containedBy() / .overlaps() on arrays, ranges and jsonb', async (t) => {
  const op = async (b: PromiseLike<unknown>) => only(await sent(b)).operation;
  t.same(await op(from().contains('tags', ['a', 'b'])), { kind: 'simple', operator: 'cs', value: '{a,b}' });
  t.same(await op(from().contains('r', '[1,5)')), { kind: 'simple', operator: 'cs', value: '[1,5)' });
  t.same(await op(from().contains('data', { a: 1, b: 'x,y' })), { kind: 'simple', operator: 'cs', value: '{"a":1,"b":"x,y"}' });
  t.same(await op(from().containedBy('tags', ['a'])), { kind: 'simple', operator: 'cd', value: '{a}' });
  t.same(await op(from().containedBy('data', { a: [1, 2] })), { kind: 'simple', operator: 'cd', value: '{"a":[1,2]}' });
  t.same(await op(from().containedBy('r', '(1,2]')), { kind: 'simple', operator: 'cd', value: '(1,2]' });
  t.same(await op(from().overlaps('tags', ['a', 'b'])), { kind: 'simple', operator: 'ov', value: '{a,b}' });
  t.same(await op(from().overlaps('r', '[2,3]')), { kind: 'simple', operator: 'ov', value: '[2,3]' });
  t.same(await op(from().rangeGt('r', '[1,2)')), { kind: 'simple', operator: 'sr', value: '[1,2)' });
  t.same(await op(from().rangeLt('r', '[1,2)')), { kind: 'simple', operator: 'sl', value: '[1,2)' });
  t.same(await op(from().rangeGte('r', '[1,2)')), { kind: 'simple', operator: 'nxl', value: '[1,2)' });
  t.same(await op(from().rangeLte('r', '[1,2)')), { kind: 'simple', operator: 'nxr', value: '[1,2)' });
  t.same(await op(from().rangeAdjacent('r', '[1,2)')), { kind: 'simple', operator: 'adj', value: '[1,2)' });
});

t.test('.textSearch() in all four modes', async (t) => {
  const op = async (b: PromiseLike<unknown>) => only(await sent(b)).operation;
  t.same(await op(from().textSearch('doc', "'cat' & 'dog'")), { kind: 'fts', operator: 'fts', language: null, value: "'cat' & 'dog'" });
  t.same(await op(from().textSearch('doc', 'cat dog', { type: 'plain', config: 'english' })), {
    kind: 'fts',
    operator: 'plfts',
    language: 'english',
    value: 'cat dog',
  });
  t.same(await op(from().textSearch('doc', 'fat cat', { type: 'phrase' })), { kind: 'fts', operator: 'phfts', language: null, value: 'fat cat' });
  t.same(await op(from().textSearch('doc', '"fat cat" or -dog', { type: 'websearch', config: 'simple' })), {
    kind: 'fts',
    operator: 'wfts',
    language: 'simple',
    value: '"fat cat" or -dog',
  });
});

t.test('.match(), .filter(), .eq(), .like(), .is(), isdistinct', async (t) => {
  const req = await sent(from().match({ a: 1, b: 'x y' }).filter('c', 'not.eq', 5).filter('d', 'in', '(1,2)'));
  t.same(
    req.filters.map((f) => [f.field.name, f.negated, f.operation]),
    [
      ['a', false, { kind: 'simple', operator: 'eq', value: '1' }],
      ['b', false, { kind: 'simple', operator: 'eq', value: 'x y' }],
      ['c', true, { kind: 'simple', operator: 'eq', value: '5' }],
      ['d', false, { kind: 'in', values: ['1', '2'] }],
    ],
  );
  t.same(only(await sent(from().like('n', '%a*b%'))).operation, { kind: 'simple', operator: 'like', value: '%a%b%' });
  t.same(only(await sent(from().ilikeAllOf('n', ['a*', '*b']))).operation, { kind: 'quantified', operator: 'ilike', quantifier: 'all', values: ['a%', '%b'] });
  t.same(only(await sent(from().likeAnyOf('n', ['a,b*']))).operation, { kind: 'quantified', operator: 'like', quantifier: 'any', values: ['a', 'b%'] });
  t.same(only(await sent(from().is('done', false))).operation, { kind: 'is', value: 'false' });
  t.same(only(await sent(from().filter('a', 'isdistinct', 5))).operation, { kind: 'simple', operator: 'isdistinct', value: '5' });
  t.same(only(await sent(from().eq('a', 'semi;colon&amp+plus'))).operation, { kind: 'simple', operator: 'eq', value: 'semi;colon&amp+plus' });
});

t.test('.order(), .limit(), .range() with referenced tables', async (t) => {
  const req = await sent(
    from()
      .order('name', { ascending: false, nullsFirst: true, referencedTable: 'tasks' })
      .order('id', { foreignTable: 'tags' })
      .order('created_at', { ascending: true, nullsFirst: false })
      .limit(3, { referencedTable: 'tasks' })
      .range(10, 19),
  );
  t.same(req.order, [
    { path: ['tasks'], terms: [{ relation: null, field: col('name'), direction: 'desc', nulls: 'first' }] },
    { path: ['tags'], terms: [{ relation: null, field: col('id'), direction: 'asc', nulls: null }] },
    { path: [], terms: [{ relation: null, field: col('created_at'), direction: 'asc', nulls: 'last' }] },
  ]);
  t.same(req.ranges, [
    { path: [], offset: 10, limit: 10 },
    { path: ['tasks'], offset: 0, limit: 3 },
  ]);
  const embedded = await sent(from().range(0, 4, { referencedTable: 'tasks' }));
  t.same(embedded.ranges, [{ path: ['tasks'], offset: 0, limit: 5 }]);
});

t.test('.select() with embeds, and .rpc() GET arguments', async (t) => {
  const req = await sent(db.from('t').select('id, name, tasks!inner ( id, tags(*) ), ...owner(n:name)'));
  t.same(
    req.select.map((s) => s.kind),
    ['field', 'field', 'embed', 'embed'],
  );
  const rpc = await sent(db.rpc('search', { q: 'a,b', n: 5 }, { get: true }).eq('kind', 'x'), '/rpc/search');
  t.same(rpc.rpcQueryArgs, [
    ['q', 'a,b', false],
    ['n', '5', false],
    ['kind', 'eq.x', true],
  ]);
  t.same(
    rpc.filters.map((f) => f.field.name),
    ['kind'],
    'only the operator expression is also a filter',
  );
});
