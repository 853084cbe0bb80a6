// select= → SelectItem[]: fields, aliases, casts, JSON paths, aggregates, embeds, spreads, errors.
import t from 'tap';
import { parseSelect } from '../../src/request/select-grammar.ts';
import type { SelectItem } from '../../src/request/types.ts';
import { errorOf } from './request-helpers.ts';

type Opts = { alias?: string; cast?: string; aggregate?: { fn: string; cast: string | null }; json?: Array<[string, string | number]> };
const f = (name: string, o: Opts = {}) => ({
  kind: 'field',
  field: { name, jsonPath: (o.json ?? []).map(([arrow, key]) => ({ arrow, key })) },
  alias: o.alias ?? null,
  cast: o.cast ?? null,
  aggregate: o.aggregate ?? null,
});
type EmbedOpts = { alias?: string; hint?: string; joinType?: 'inner' | 'left'; spread?: boolean };
const e = (relation: string, children: unknown[], o: EmbedOpts = {}) => ({
  kind: 'embed',
  relation,
  alias: o.alias ?? null,
  hint: o.hint ?? null,
  joinType: o.joinType ?? null,
  spread: o.spread ?? false,
  children,
});
const star = { kind: 'star' };

const ok: Array<[string, unknown[]]> = [
  ['*', [star]],
  ['', []],
  ['id', [f('id')]],
  ['id,name', [f('id'), f('name')]],
  [' id , name ', [f('id'), f('name')]],
  ['full:name', [f('name', { alias: 'full' })]],
  ['"my alias":"my col"', [f('my col', { alias: 'my alias' })]],
  ['"a\\"b"', [f('a"b')]],
  ['"a,b(c)"', [f('a,b(c)')]],
  ['id::text', [f('id', { cast: 'text' })]],
  ['x:id::text', [f('id', { alias: 'x', cast: 'text' })]],
  [
    'data->a->>b',
    [
      f('data', {
        json: [
          ['->', 'a'],
          ['->>', 'b'],
        ],
      }),
    ],
  ],
  ['arr->0', [f('arr', { json: [['->', 0]] })]],
  ['arr->-1', [f('arr', { json: [['->', -1]] })]],
  ['data->>!@#$%^&*_a', [f('data', { json: [['->>', '!@#$%^&*_a']] })]],
  ['v:data->a::int', [f('data', { alias: 'v', cast: 'int', json: [['->', 'a']] })]],
  ['my-col', [f('my-col')]],
  ['count()', [{ kind: 'field', field: null, alias: null, cast: null, aggregate: { fn: 'count', cast: null } }]],
  ['n:count()::int', [{ kind: 'field', field: null, alias: 'n', cast: null, aggregate: { fn: 'count', cast: 'int' } }]],
  ['amount.sum()', [f('amount', { aggregate: { fn: 'sum', cast: null } })]],
  ['amount.avg()::int', [f('amount', { aggregate: { fn: 'avg', cast: 'int' } })]],
  ['top:amount.max()', [f('amount', { alias: 'top', aggregate: { fn: 'max', cast: null } })]],
  ['amount::numeric.min()', [f('amount', { cast: 'numeric', aggregate: { fn: 'min', cast: null } })]],
  ['id.count()', [f('id', { aggregate: { fn: 'count', cast: null } })]],
  ['tasks(*)', [e('tasks', [star])]],
  ['tasks()', [e('tasks', [])]],
  ['tasks(id,name)', [e('tasks', [f('id'), f('name')])]],
  ['todo:tasks(id)', [e('tasks', [f('id')], { alias: 'todo' })]],
  ['tasks!fk_owner(id)', [e('tasks', [f('id')], { hint: 'fk_owner' })]],
  ['tasks!inner(id)', [e('tasks', [f('id')], { joinType: 'inner' })]],
  ['tasks!left(id)', [e('tasks', [f('id')], { joinType: 'left' })]],
  ['tasks!fk!left(id)', [e('tasks', [f('id')], { hint: 'fk', joinType: 'left' })]],
  ['tasks!inner!fk(id)', [e('tasks', [f('id')], { hint: 'fk', joinType: 'inner' })]],
  ['a:tasks!fk!inner(*)', [e('tasks', [star], { alias: 'a', hint: 'fk', joinType: 'inner' })]],
  ['...owner(name)', [e('owner', [f('name')], { spread: true })]],
  ['...owner!inner(name,n:id)', [e('owner', [f('name'), f('id', { alias: 'n' })], { joinType: 'inner', spread: true })]],
  ['*,tasks(*,tags(name))', [star, e('tasks', [star, e('tags', [f('name')])])]],
  ['id, tasks ( id ), name', [f('id'), e('tasks', [f('id')]), f('name')]],
  ['tasks(count())', [e('tasks', [{ kind: 'field', field: null, alias: null, cast: null, aggregate: { fn: 'count', cast: null } }])]],
];

t.test('select trees', async (t) => {
  for (const [src, expected] of ok) t.same(parseSelect(src), expected as SelectItem[], src);
});

const bad: Array<[string, number, RegExp]> = [
  ['id,clients(name[])', 16, /unexpected "\["/],
  ['data->>-78xy', 8, /JSON key/],
  ['name!hint', 10, /unexpected end of input/],
  ['*!hint', 2, /unexpected "!"/],
  ['name::', 7, /letter or digit/],
  ['id,', 4, /field name/],
  [',id', 1, /field name/],
  ['tasks(id', 9, /"\)"/],
  ['tasks(id))', 10, /","/],
  ['rel->json(*)', 10, /unexpected "\("/],
  ['alias:...rel(*)', 7, /field name/],
  ['a:b:c', 4, /unexpected ":"/],
  ['id.foo()', 4, /aggregate/],
  ['id.sum', 4, /aggregate/],
  ['count(*)', 1, /"count" is an aggregate/],
  ['tasks!a!b(*)', 9, /only one hint/],
  ['tasks!inner!left(*)', 13, /only one join type/],
  ['tasks!x!y!z(*)', 9, /only one hint/],
  ['a b c d(', 9, /expecting "," or "\)"/],
];

t.test('select errors', async (t) => {
  for (const [src, column, details] of bad) {
    const error = errorOf(() => parseSelect(src));
    t.equal(error?.code, 'PGRST100', src);
    t.equal(error?.message, `"failed to parse select parameter (${src})" (line 1, column ${column})`, src);
    t.match(error?.details, details, src);
  }
});

t.test('nesting is bounded instead of overflowing the stack', async (t) => {
  const deep = `${'a('.repeat(10_000)}id${')'.repeat(10_000)}`;
  t.match(errorOf(() => parseSelect(deep))?.details, /nested deeper/);
  const ok = `${'a('.repeat(50)}id${')'.repeat(50)}`;
  t.equal(parseSelect(ok).length, 1);
});
