// The call planner on the frozen catalog: how arguments are passed, the result's shape, read-only mode and errors.
import t from 'tap';
import type { CallRequestPlan } from '../../src/plan/call-types.ts';
import { planRequest } from '../../src/plan/plan.ts';
import { frozenCache, parse, testConfig } from '../helpers/frozen-cache.ts';
import { expectError, thrownError } from '../helpers/expect-error.ts';

const plan = (method: string, url: string, body?: string | Buffer | object, headers: Record<string, string> = {}, settings = {}): CallRequestPlan =>
  planRequest(parse(method, url, headers, body), frozenCache, testConfig(settings)) as CallRequestPlan;

t.test('POST JSON: the given parameters go through one JSON record', async (t) => {
  const p = plan('POST', '/rpc/add', { a: 1, b: 2 });
  t.equal(p.kind, 'call');
  t.equal(p.routine.name, 'add');
  t.equal(p.args.kind, 'record');
  if (p.args.kind === 'record') {
    t.same(
      p.args.params.map((x) => x.name),
      ['a', 'b'],
    );
    t.same(JSON.parse(p.args.json), { a: 1, b: 2 });
  }
  t.equal(p.returns, 'scalar');
  t.equal(p.read, null);
  t.equal(p.readOnly, true, 'an immutable function runs read-only even on POST');
  t.equal(p.headOnly, false);
  t.same(plan('POST', '/rpc/greet', {}).args, { kind: 'none' }, 'no keys: defaults apply');
});

t.test('GET: query arguments are direct values; a variadic parameter takes every repetition', async (t) => {
  t.same(plan('GET', '/rpc/add?a=1&b=2').args, {
    kind: 'direct',
    values: [
      { param: { name: 'a', type: frozenCache.types.get('int4'), mode: 'in', hasDefault: false }, value: '1' },
      { param: { name: 'b', type: frozenCache.types.get('int4'), mode: 'in', hasDefault: false }, value: '2' },
    ],
  });
  const variadic = plan('GET', '/rpc/sum_all?nums=1&nums=2&nums=3').args;
  t.same(variadic.kind === 'direct' && variadic.values.map((v) => v.value), [['1', '2', '3']]);
  const last = plan('GET', '/rpc/greet?name=a&name=b').args;
  t.same(last.kind === 'direct' && last.values.map((v) => v.value), ['b'], 'a repeated ordinary argument: the last wins');
  t.equal(plan('HEAD', '/rpc/greet').headOnly, true);
});

t.test('GET keys with operator values: an argument when the function has the parameter, else a filter on the result', async (t) => {
  const p = plan('GET', '/rpc/get_items?min_price=gt.5&id=eq.1');
  t.same(p.args.kind === 'direct' && p.args.values.map((v) => [v.param.name, v.value]), [['min_price', 'gt.5']]);
  t.equal(p.returns, 'setof-composite');
  t.equal(p.read?.source, 'call');
  t.same(
    p.read?.where.map((w) => (w.kind === 'condition' ? w.condition.field.column.name : w.kind)),
    ['id'],
    'id=eq.1 filters the rows',
  );
  t.equal(p.read?.table.name, 'items', 'a function returning a table row reads like that table');
});

t.test('the result shape: void, scalar, set of scalars, OUT parameters, RETURNS TABLE, composite type', async (t) => {
  t.equal(plan('POST', '/rpc/nothing').returns, 'void');
  const numbers = plan('GET', '/rpc/numbers?n=5&limit=2&offset=1');
  t.equal(numbers.returns, 'setof-scalar');
  t.equal(numbers.limit, 2);
  t.equal(numbers.offset, 1);
  t.equal(plan('GET', '/rpc/numbers?n=5', undefined, {}, { 'db-max-rows': '3' }).limit, 3, 'db-max-rows caps a set of scalars');
  const stats = plan('GET', '/rpc/item_stats');
  t.equal(stats.returns, 'composite');
  t.same(stats.outColumns, ['total', 'max_qty']);
  t.same(
    stats.read?.table.columns.map((c) => [c.name, c.type.name]),
    [
      ['total', 'int4'],
      ['max_qty', 'int4'],
    ],
  );
  const table = plan('GET', '/rpc/item_names?q=1');
  t.equal(table.returns, 'setof-composite');
  t.same(table.outColumns, ['item_id', 'item_name']);
  const pair = plan('GET', '/rpc/make_pair?n=1');
  t.equal(pair.returns, 'composite');
  t.equal(pair.outColumns, null);
  t.same(
    pair.read?.table.columns.map((c) => c.name),
    ['left_value', 'right_value'],
  );
});

t.test('a single unnamed parameter takes the whole body', async (t) => {
  t.same(plan('POST', '/rpc/echo_text', 'hello', { 'Content-Type': 'text/plain' }).args, {
    kind: 'positional',
    param: frozenCache.routines.get('test\u0000echo_text')![0]!.parameters[0],
    value: 'hello',
  });
  const bytes = plan('POST', '/rpc/echo_bytea', Buffer.from([0, 255]), { 'Content-Type': 'application/octet-stream' }).args;
  t.equal(bytes.kind === 'positional' && bytes.value, '\\x00ff', 'bytea as hex');
  const json = plan('POST', '/rpc/echo_json', { x: [1] }).args;
  t.same(json.kind === 'positional' && JSON.parse(json.value), { x: [1] });
});

t.test('read-only: GET always; POST unless the function is volatile', async (t) => {
  t.equal(plan('POST', '/rpc/bump', { amount: 1 }).readOnly, false);
  t.equal(plan('GET', '/rpc/bump?amount=1').readOnly, true);
  t.equal(plan('POST', '/rpc/stable_tick').readOnly, true);
});

t.test('errors: array body to named parameters, raw output of rows, filters on a scalar', async (t) => {
  t.match(
    thrownError(() => plan('POST', '/rpc/add', [{ a: 1, b: 2 }])),
    {
      code: 'PGRST102',
      status: 400,
      message: 'A JSON array body is only accepted by a function with a single unnamed json or jsonb parameter',
    },
  );
  await expectError(t, () => plan('GET', '/rpc/get_items', undefined, { Accept: 'text/plain' }), { code: 'PGRST107', status: 406 });
  await expectError(t, () => plan('GET', '/rpc/numbers?n=2', undefined, { Accept: 'text/csv' }), { code: 'PGRST107', status: 406 });
  t.equal(plan('GET', '/rpc/greet', undefined, { Accept: 'text/plain' }).rawOutput, 'text');
  t.equal(
    plan('POST', '/rpc/echo_bytea', Buffer.from('a'), { 'Content-Type': 'application/octet-stream', Accept: 'application/octet-stream' }).rawOutput,
    'binary',
  );
  await expectError(t, () => plan('GET', '/rpc/add?a=1&b=2&order=x'), { code: '42703', status: 400 });
  await expectError(t, () => plan('GET', '/rpc/numbers?n=2&select=x'), { code: '42703' });
});
