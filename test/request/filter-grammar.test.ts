// Filter values `[not.]op[(any|all)].value` → Operation, and their PGRST100 errors.
import t from 'tap';
import { parseFilterParam, parseFilterValue } from '../../src/request/filter-grammar.ts';
import type { Operation } from '../../src/request/types.ts';
import { errorOf } from './request-helpers.ts';

const simple = (operator: string, value: string) => ({ kind: 'simple', operator, value });

const ok: Array<[string, boolean, Operation | Record<string, unknown>]> = [
  ['eq.5', false, simple('eq', '5')],
  ['neq.a', false, simple('neq', 'a')],
  ['gt.1', false, simple('gt', '1')],
  ['gte.1.5', false, simple('gte', '1.5')],
  ['lt.2020-01-01', false, simple('lt', '2020-01-01')],
  ['lte.-3', false, simple('lte', '-3')],
  ['eq.', false, simple('eq', '')],
  ['eq.a.b.c', false, simple('eq', 'a.b.c')],
  ['eq.with,comma)and(parens', false, simple('eq', 'with,comma)and(parens')],
  ['eq."quoted"', false, simple('eq', '"quoted"')],
  ['like.*abc*', false, simple('like', '%abc%')],
  ['ilike.A*b', false, simple('ilike', 'A%b')],
  ['match.^a.*b$', false, simple('match', '^a.*b$')],
  ['imatch.x*', false, simple('imatch', 'x*')],
  ['cs.{1,2}', false, simple('cs', '{1,2}')],
  ['cd.{"a":1}', false, simple('cd', '{"a":1}')],
  ['ov.[1,5)', false, simple('ov', '[1,5)')],
  ['sl.(1,10)', false, simple('sl', '(1,10)')],
  ['sr.[1,2]', false, simple('sr', '[1,2]')],
  ['nxr.[1,2]', false, simple('nxr', '[1,2]')],
  ['nxl.[1,2]', false, simple('nxl', '[1,2]')],
  ['adj.[1,2]', false, simple('adj', '[1,2]')],
  ['isdistinct.5', false, simple('isdistinct', '5')],
  ['not.eq.5', true, simple('eq', '5')],
  ['not.like.*x', true, simple('like', '%x')],
  ['is.null', false, { kind: 'is', value: 'null' }],
  ['is.NULL', false, { kind: 'is', value: 'null' }],
  ['is.not_null', false, { kind: 'is', value: 'not_null' }],
  ['is.True', false, { kind: 'is', value: 'true' }],
  ['is.false', false, { kind: 'is', value: 'false' }],
  ['is.unknown', false, { kind: 'is', value: 'unknown' }],
  ['not.is.null', true, { kind: 'is', value: 'null' }],
  ['in.(1,2,3)', false, { kind: 'in', values: ['1', '2', '3'] }],
  ['in.(a,"b,c",  d)', false, { kind: 'in', values: ['a', 'b,c', '  d'] }],
  ['in.("a\\"b","c\\\\d")', false, { kind: 'in', values: ['a"b', 'c\\d'] }],
  ['in.("(x)",")")', false, { kind: 'in', values: ['(x)', ')'] }],
  ['in.(c"d)', false, { kind: 'in', values: ['c"d'] }],
  // A quote that is not followed by `,` or `)` is not a quoted item: the text is kept as is.
  ['in.("a"b)', false, { kind: 'in', values: ['"a"b'] }],
  ['in.()', false, { kind: 'in', values: [] }],
  ['in.(,)', false, { kind: 'in', values: ['', ''] }],
  ['not.in.(1)', true, { kind: 'in', values: ['1'] }],
  ['fts.cat', false, { kind: 'fts', operator: 'fts', language: null, value: 'cat' }],
  ['fts(english).cat & dog', false, { kind: 'fts', operator: 'fts', language: 'english', value: 'cat & dog' }],
  ['plfts.a b', false, { kind: 'fts', operator: 'plfts', language: null, value: 'a b' }],
  ['phfts(simple).a.b', false, { kind: 'fts', operator: 'phfts', language: 'simple', value: 'a.b' }],
  ['wfts(german)."a" -b', false, { kind: 'fts', operator: 'wfts', language: 'german', value: '"a" -b' }],
  ['not.fts.x', true, { kind: 'fts', operator: 'fts', language: null, value: 'x' }],
  ['eq(any).{1,2}', false, { kind: 'quantified', operator: 'eq', quantifier: 'any', values: ['1', '2'] }],
  ['gt(all).{1}', false, { kind: 'quantified', operator: 'gt', quantifier: 'all', values: ['1'] }],
  ['like(any).{*a,b*}', false, { kind: 'quantified', operator: 'like', quantifier: 'any', values: ['%a', 'b%'] }],
  ['ilike(all).{"x,*", y }', false, { kind: 'quantified', operator: 'ilike', quantifier: 'all', values: ['x,%', 'y'] }],
  ['eq(any).{"a\\"b"}', false, { kind: 'quantified', operator: 'eq', quantifier: 'any', values: ['a"b'] }],
  ['eq(any).{}', false, { kind: 'quantified', operator: 'eq', quantifier: 'any', values: [] }],
  ['not.lte(any).{1,2}', true, { kind: 'quantified', operator: 'lte', quantifier: 'any', values: ['1', '2'] }],
  ['match(any).{^a,b$}', false, { kind: 'quantified', operator: 'match', quantifier: 'any', values: ['^a', 'b$'] }],
];

t.test('operator expressions', async (t) => {
  for (const [value, negated, operation] of ok) t.same(parseFilterValue(value), { negated, operation }, value);
});

const bad: Array<[string, RegExp]> = [
  ['noop.5', /unknown operator "noop"/],
  ['5', /expecting "not" or operator/],
  ['', /unexpected end of input/],
  ['eq', /delimiter \(\.\)/],
  ['EQ.5', /expecting "not" or operator/],
  ['not.5', /operator/],
  ['not.not.eq.5', /unknown operator "not"/],
  ['is.nil', /expecting null, not_null, true, false or unknown/],
  ['is.nullx', /unexpected "nullx"/],
  ['is.', /unexpected ""/],
  ['in.1,2', /"\("/],
  ['in.(1,2', /","/],
  ['in.(1,2)x', /end of input/],
  ['eq().5', /\(any\)/],
  ['neq(any).{1}', /delimiter/],
  ['cs(all).{1}', /delimiter/],
  ['eq(some).{1}', /\(any\)/],
  ['eq(any).5', /expecting a list like \{a,b\}/],
  ['eq(any).{{1},{2}}', /nested lists/],
  ['eq(any).{"a}', /unterminated/],
  ['fts().x', /letter or digit/],
  ['fts(english.x', /"\)"/],
  ['fts(english)x', /delimiter/],
];

t.test('malformed filters are PGRST100 with PostgREST-shaped messages', async (t) => {
  for (const [value, details] of bad) {
    const error = errorOf(() => parseFilterValue(value));
    t.equal(error?.code, 'PGRST100', value);
    t.equal(error?.status, 400, value);
    t.match(error?.message, `"failed to parse filter (${value})" (line 1, column `, value);
    t.match(error?.details, details, value);
  }
});

t.test('keys: embed paths and JSON paths', async (t) => {
  const cases: Array<[string, unknown]> = [
    ['id', { path: [], field: { name: 'id', jsonPath: [] } }],
    ['tasks.id', { path: ['tasks'], field: { name: 'id', jsonPath: [] } }],
    ['a.b.c', { path: ['a', 'b'], field: { name: 'c', jsonPath: [] } }],
    [
      'data->a->>b',
      {
        path: [],
        field: {
          name: 'data',
          jsonPath: [
            { arrow: '->', key: 'a' },
            { arrow: '->>', key: 'b' },
          ],
        },
      },
    ],
    ['arr->0', { path: [], field: { name: 'arr', jsonPath: [{ arrow: '->', key: 0 }] } }],
    ['arr->>-1', { path: [], field: { name: 'arr', jsonPath: [{ arrow: '->>', key: -1 }] } }],
    ['data->1a', { path: [], field: { name: 'data', jsonPath: [{ arrow: '->', key: '1a' }] } }],
    ['data->"a.b"', { path: [], field: { name: 'data', jsonPath: [{ arrow: '->', key: 'a.b' }] } }],
    ['"my col"', { path: [], field: { name: 'my col', jsonPath: [] } }],
    ['"a.b"', { path: [], field: { name: 'a.b', jsonPath: [] } }],
    ['my-col', { path: [], field: { name: 'my-col', jsonPath: [] } }],
    ['名前', { path: [], field: { name: '名前', jsonPath: [] } }],
    ['tasks.data->x', { path: ['tasks'], field: { name: 'data', jsonPath: [{ arrow: '->', key: 'x' }] } }],
  ];
  for (const [key, expected] of cases) {
    const { path, condition } = parseFilterParam(key, 'eq.1');
    t.same({ path, field: condition.field }, expected, key);
  }
  for (const key of [' ', 'a. .b', 'a;b', 'a=b', 'a..b', '.a', 'a.', 'data->', 'a b->>--1']) {
    const error = errorOf(() => parseFilterParam(key, 'eq.1'));
    t.equal(error?.code, 'PGRST100', key);
    t.match(error?.message, '"failed to parse tree path', key);
  }
});
