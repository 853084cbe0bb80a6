// order= → OrderTerm[] and or=/and= → LogicTree, including nesting, quoting and errors.
import t from 'tap';
import { parseOrder } from '../../src/request/order-grammar.ts';
import { parseLogicParam } from '../../src/request/logic-grammar.ts';
import { col, errorOf } from './request-helpers.ts';

const term = (name: string, direction: string | null = null, nulls: string | null = null, relation: string | null = null) => ({
  relation,
  field: col(name),
  direction,
  nulls,
});

t.test('order terms', async (t) => {
  const cases: Array<[string, unknown[]]> = [
    ['id', [term('id')]],
    ['id.asc', [term('id', 'asc')]],
    ['id.desc', [term('id', 'desc')]],
    ['id.nullsfirst', [term('id', null, 'first')]],
    ['id.desc.nullslast', [term('id', 'desc', 'last')]],
    ['a.asc,b.desc.nullsfirst, c', [term('a', 'asc'), term('b', 'desc', 'first'), term('c')]],
    ['clients(name).desc', [term('name', 'desc', null, 'clients')]],
    ['name,clients(name),id', [term('name'), term('name', null, null, 'clients'), term('id')]],
    ['"my col".desc', [term('my col', 'desc')]],
    [
      'data->a->>b.asc',
      [
        {
          relation: null,
          field: {
            name: 'data',
            jsonPath: [
              { arrow: '->', key: 'a' },
              { arrow: '->>', key: 'b' },
            ],
          },
          direction: 'asc',
          nulls: null,
        },
      ],
    ],
    ['arr->0.desc', [{ relation: null, field: { name: 'arr', jsonPath: [{ arrow: '->', key: 0 }] }, direction: 'desc', nulls: null }]],
  ];
  for (const [src, expected] of cases) t.same(parseOrder(src), expected, src);

  const bad: Array<[string, number]> = [
    ['id.ac', 4],
    ['id.descc', 8],
    ['id.nulsfist', 4],
    ['id.nullslasttt', 13],
    ['id.asc.nlsfst', 8],
    ['id.asc.nullslasttt', 17],
    ['clients(name,id)', 8],
    ['', 1],
    ['id,', 4],
    ['id.asc.desc', 8],
  ];
  for (const [src, column] of bad) {
    const error = errorOf(() => parseOrder(src));
    t.equal(error?.code, 'PGRST100', src);
    t.equal(error?.message, `"failed to parse order (${src})" (line 1, column ${column})`, src);
  }
});

const cond = (name: string, operator: string, value: string, negated = false) => ({
  kind: 'condition',
  condition: { field: col(name), negated, operation: { kind: 'simple', operator, value } },
});

t.test('logic trees', async (t) => {
  const cases: Array<[string, string, unknown]> = [
    ['or', '(a.eq.1,b.eq.2)', { path: [], tree: { kind: 'expr', operator: 'or', negated: false, children: [cond('a', 'eq', '1'), cond('b', 'eq', '2')] } }],
    // Blanks around items are skipped but a value keeps its trailing blanks, as in PostgREST.
    [
      'and',
      '( a.eq.1 , b.neq.2 )',
      { path: [], tree: { kind: 'expr', operator: 'and', negated: false, children: [cond('a', 'eq', '1 '), cond('b', 'neq', '2 ')] } },
    ],
    ['not.or', '(a.eq.1)', { path: [], tree: { kind: 'expr', operator: 'or', negated: true, children: [cond('a', 'eq', '1')] } }],
    ['tasks.or', '(a.eq.1)', { path: ['tasks'], tree: { kind: 'expr', operator: 'or', negated: false, children: [cond('a', 'eq', '1')] } }],
    ['tasks.not.and', '(a.eq.1)', { path: ['tasks'], tree: { kind: 'expr', operator: 'and', negated: true, children: [cond('a', 'eq', '1')] } }],
    [
      'or',
      '(a.eq.1,and(b.gt.2,not.or(c.lt.3,d.not.eq.4)))',
      {
        path: [],
        tree: {
          kind: 'expr',
          operator: 'or',
          negated: false,
          children: [
            cond('a', 'eq', '1'),
            {
              kind: 'expr',
              operator: 'and',
              negated: false,
              children: [cond('b', 'gt', '2'), { kind: 'expr', operator: 'or', negated: true, children: [cond('c', 'lt', '3'), cond('d', 'eq', '4', true)] }],
            },
          ],
        },
      },
    ],
    [
      'or',
      '(name.eq."a,b(c).d",x.eq."q\\"uote\\\\")',
      { path: [], tree: { kind: 'expr', operator: 'or', negated: false, children: [cond('name', 'eq', 'a,b(c).d'), cond('x', 'eq', 'q"uote\\')] } },
    ],
    [
      'or',
      '(id.in.(1,"2,3"),tags.cs.{a,b},data->a->>b.eq.x)',
      {
        path: [],
        tree: {
          kind: 'expr',
          operator: 'or',
          negated: false,
          children: [
            { kind: 'condition', condition: { field: col('id'), negated: false, operation: { kind: 'in', values: ['1', '2,3'] } } },
            cond('tags', 'cs', '{a,b}'),
            {
              kind: 'condition',
              condition: {
                field: {
                  name: 'data',
                  jsonPath: [
                    { arrow: '->', key: 'a' },
                    { arrow: '->>', key: 'b' },
                  ],
                },
                negated: false,
                operation: { kind: 'simple', operator: 'eq', value: 'x' },
              },
            },
          ],
        },
      },
    ],
    [
      'or',
      '(doc.fts(english).cat,c.is.NULL,n.like.*x*)',
      {
        path: [],
        tree: {
          kind: 'expr',
          operator: 'or',
          negated: false,
          children: [
            {
              kind: 'condition',
              condition: { field: col('doc'), negated: false, operation: { kind: 'fts', operator: 'fts', language: 'english', value: 'cat' } },
            },
            { kind: 'condition', condition: { field: col('c'), negated: false, operation: { kind: 'is', value: 'null' } } },
            cond('n', 'like', '%x%'),
          ],
        },
      },
    ],
    [
      'or',
      '(a.eq(any).{1,2},or.eq.3)',
      {
        path: [],
        tree: {
          kind: 'expr',
          operator: 'or',
          negated: false,
          children: [
            {
              kind: 'condition',
              condition: { field: col('a'), negated: false, operation: { kind: 'quantified', operator: 'eq', quantifier: 'any', values: ['1', '2'] } },
            },
            cond('or', 'eq', '3'),
          ],
        },
      },
    ],
    ['and', '(a.eq.)', { path: [], tree: { kind: 'expr', operator: 'and', negated: false, children: [cond('a', 'eq', '')] } }],
  ];
  for (const [key, value, expected] of cases) t.same(parseLogicParam(key, value), expected, `${key}=${value}`);

  const bad: Array<[string, string, string]> = [
    ['or', '()', 'logic tree'],
    ['or', '(id.in.1,2,id.eq.3)', 'logic tree'],
    ['or', ')(', 'logic tree'],
    ['and', '(ord(id.eq.1),id.eq.2)', 'logic tree'],
    ['or', '(id.eq.1,not.xor(id.eq.2))', 'logic tree'],
    ['or', 'a.eq.1', 'logic tree'],
    ['or', '(a.eq.1', 'logic tree'],
    ['or', '(a.eq.1))', 'logic tree'],
    ['or', '(a.eqq.1)', 'logic tree'],
    ['or', '(a.eq.1,)', 'logic tree'],
    ['xor', '(a.eq.1)', 'logic path'],
  ];
  for (const [key, value, what] of bad) {
    const error = errorOf(() => parseLogicParam(key, value));
    t.equal(error?.code, 'PGRST100', `${key}=${value}`);
    t.match(error?.message, `"failed to parse ${what} (`, `${key}=${value}`);
  }
  const deep = `(${'and('.repeat(5000)}a.eq.1${')'.repeat(5001)}`;
  t.match(errorOf(() => parseLogicParam('or', deep))?.details, /nested deeper/, 'deep nesting is bounded');
});
