// Query-string splitting, decoding and routing, plus hostile inputs that must never crash.
import t from 'tap';
import { decodeComponent, parseQueryParams, splitQuery } from '../../src/request/query-params.ts';
import { col, errorOf, parse } from './request-helpers.ts';

t.test('decoding', async (t) => {
  const cases: Array<[string, string]> = [
    ['a+b', 'a b'],
    ['a%2Bb', 'a+b'],
    ['%2C', ','],
    ['%E2%9C%93', '✓'],
    ['%zz', '%zz'],
    ['%', '%'],
    ['%E2%9C', '\uFFFD'],
    ['caf%C3%A9', 'café'],
    ['😀', '😀'],
    ['%F0%9F%98%80', '😀'],
  ];
  for (const [input, output] of cases) t.equal(decodeComponent(input), output, input);
  t.same(
    splitQuery('a=1&&b&c=&d=x=y&%61=2'),
    [
      ['a', '1'],
      ['c', ''],
      ['d', 'x=y'],
      ['a', '2'],
    ],
    'valueless keys are dropped',
  );
  t.same(splitQuery('?a=1;b=2'), [['a', '1;b=2']], 'a raw ; is data');
});

t.test('routing', async (t) => {
  const q = parseQueryParams(
    'select=id&select=x&id=eq.1&id=lt.9&order=id&tasks.order=n.desc&limit=5&tasks.limit=2&tasks.offset=1&columns=a,b&on_conflict=a&or=(a.eq.1)&not.and=(b.eq.2)&tasks.or=(c.eq.3)',
    false,
  );
  t.same(q.select, [{ kind: 'field', field: col('id'), alias: null, cast: null, aggregate: null }], 'first select wins');
  t.same(
    q.filters.map((f) => f.operation),
    [
      { kind: 'simple', operator: 'eq', value: '1' },
      { kind: 'simple', operator: 'lt', value: '9' },
    ],
    'duplicate filters are kept',
  );
  t.same(
    q.order.map((o) => o.path),
    [[], ['tasks']],
  );
  t.same(q.paging, [
    { path: [], limit: '5', offset: null },
    { path: ['tasks'], limit: '2', offset: '1' },
  ]);
  t.same(q.columns, ['a', 'b']);
  t.same(q.onConflict, ['a']);
  t.same(
    q.logic.map((l) => [l.path, l.tree.operator, l.tree.negated]),
    [
      [[], 'or', false],
      [[], 'and', true],
      [['tasks'], 'or', false],
    ],
  );
  t.same(q.rpcQueryArgs, []);
  t.equal(errorOf(() => parseQueryParams('columns=a,,b', false))?.code, 'PGRST100');
  t.match(errorOf(() => parseQueryParams('on_conflict=', false))?.message, 'failed to parse on_conflict parameter');
  t.equal(errorOf(() => parseQueryParams('name=alice', false))?.code, 'PGRST100', 'a bare value is not a filter on tables');
});

t.test('GET /rpc: plain keys are arguments; operator values are also filters', async (t) => {
  const q = parseQueryParams('name=alice&n=5&n=6&age=gt.3&tasks.id=eq.1&select=x&limit=1&weird=eq(', true);
  t.same(q.rpcQueryArgs, [
    ['name', 'alice', false],
    ['n', '5', false],
    ['n', '6', false],
    ['age', 'gt.3', true],
    ['weird', 'eq(', false],
  ]);
  t.same(
    q.filters.map((f) => [f.path, f.field.name]),
    [
      [[], 'age'],
      [['tasks'], 'id'],
    ],
  );
  t.equal(errorOf(() => parseQueryParams('tasks.id=bad', true))?.code, 'PGRST100', 'embedded keys are always filters');
  const post = parse('name=eq.x', { method: 'POST', path: '/rpc/f' });
  t.same(post.rpcQueryArgs, [], 'POST /rpc takes arguments from the body');
  t.equal(post.filters.length, 1);
});

t.test('hostile inputs parse to values or fail with PGRST100', async (t) => {
  const long = 'x'.repeat(10_000);
  const values = [`eq.${long}`, "eq.'; drop table users; --", 'eq."', 'eq.\\', 'eq.%27%22', 'eq.ʕ•ᴥ•ʔ', 'eq.\u202e', `in.(${'a,'.repeat(5000)}b)`];
  for (const value of values) {
    const req = parse(`col=${encodeURIComponent(value)}`);
    t.equal(req.filters.length, 1, value.slice(0, 30));
  }
  t.equal(parse(`col=${encodeURIComponent(`eq.${long}`)}`).filters[0]?.operation.kind, 'simple');
  t.equal(parse(`${long}=eq.1`).filters[0]?.field.name, long, '10k-character identifier');
  t.equal(parse(`select=${long}`).select.length, 1);
  t.equal(parse(`order=${long}.desc`).order[0]?.terms[0]?.direction, 'desc');
  const failing = [
    'col=eq.a%00b',
    '%00=eq.1',
    `select=${encodeURIComponent('id;drop')}`,
    `select=${encodeURIComponent('"unterminated')}`,
    `${encodeURIComponent('a"b')}=eq.1`,
    'col=in.("a',
    `col=${encodeURIComponent('in.("a\\')}`,
    `or=${encodeURIComponent('(a.eq.1')}`,
    `select=${'('.repeat(10_000)}`,
    `order=${encodeURIComponent('id;desc')}`,
    `col=${encodeURIComponent('eq(any).{"x')}`,
  ];
  for (const query of failing) {
    const error = errorOf(() => parse(query));
    t.equal(error?.code, 'PGRST100', query.slice(0, 40));
  }
});
