// The response stage without a database: decoding the main row, the handlers per plan kind and finish(), on the frozen catalog.
import t from 'tap';
import { planRequest } from '../../src/plan/plan.ts';
import type { DatabasePlan } from '../../src/plan/plan-types.ts';
import { countStrategy, reportedTotal } from '../../src/plan/count-strategy.ts';
import { decodeDbResult, type DbResult } from '../../src/response/db-result.ts';
import { finish } from '../../src/response/finish.ts';
import { checkBeforeCommit } from '../../src/response/pre-commit-checks.ts';
import { respond } from '../../src/response/respond.ts';
import { parseApiRequest } from '../../src/request/api-request.ts';
import { frozenCache, parse, testConfig } from '../helpers/frozen-cache.ts';
import { toRawRequest } from '../helpers/test-app.ts';
import { expectError } from '../helpers/expect-error.ts';

const plan = (method: string, url: string, headers: Record<string, string> = {}, body?: object) =>
  planRequest(
    body === undefined ? parse(method, url, headers) : parseApiRequest(toRawRequest(method, url, { headers, body }), { schemas: ['test'] }),
    frozenCache,
    testConfig(),
  ) as DatabasePlan;

/** A main row as the statements return it (bigint total as text, GUCs as text). */
const row = (fields: Record<string, unknown> = {}) => ({
  total: null,
  page_total: 2,
  body: '[{"id":1},{"id":2}]',
  response_headers: null,
  response_status: null,
  ...fields,
});
const result = (fields: Record<string, unknown> = {}, explain?: number): DbResult =>
  decodeDbResult(explain === undefined ? [{}, row(fields)] : [{}, { 'QUERY PLAN': JSON.stringify([{ Plan: { 'Plan Rows': explain } }]) }, row(fields)]);
const named = (headers: Array<[string, string]>, name: string) => headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);

t.test('decodeDbResult: numbers, GUCs, write extras and the EXPLAIN estimate, decoded once', async (t) => {
  const decoded = result(
    { total: '12', response_headers: '[{"Set-Cookie":"a=1"},{"Set-Cookie":"b=2"}]', response_status: '202', location: '["7",null]', inserted: 1 },
    40,
  );
  t.same(decoded, {
    countedTotal: 12,
    pageTotal: 2,
    plannedTotal: 40,
    body: '[{"id":1},{"id":2}]',
    gucStatus: 202,
    gucHeaders: [
      ['Set-Cookie', 'a=1'],
      ['Set-Cookie', 'b=2'],
    ],
    location: ['7', null],
    inserted: 1,
    queryPlan: null,
  });
  await expectError(t, () => result({ response_headers: '{"X":"not an array"}' }), { code: 'PGRST111', status: 500 });
  await expectError(t, () => result({ response_status: '99x' }), { code: 'PGRST112', status: 500 });
});

t.test('count strategy: decided once from Prefer and db-max-rows, read back the same way', async (t) => {
  t.same(countStrategy('read', 'estimated', 10), { kind: 'estimated', cap: 10 });
  t.same(countStrategy('read', 'estimated', null), { kind: 'exact' }, 'no cap: estimated counts exactly');
  t.same(countStrategy('call', 'planned', null), { kind: 'none' }, 'calls count exactly or not at all');
  t.same(countStrategy('mutate', 'planned', null), { kind: 'exact' });
  t.equal(reportedTotal({ kind: 'estimated', cap: 10 }, 11, 500), 500, 'above the cap: the estimate');
  t.equal(reportedTotal({ kind: 'estimated', cap: 10 }, 7, 500), 7, 'below the cap: the count');
  t.equal(reportedTotal({ kind: 'planned' }, null, 33), 33);
});

t.test('finish(): GUC headers replace same-named ones, repeats kept; GUC status wins', async (t) => {
  const draft = {
    status: 200,
    headers: [
      ['Content-Type', 'application/json'],
      ['Content-Range', '0-1/*'],
    ] as Array<[string, string]>,
    body: 'x',
  };
  const done = finish({ applied: ['count=exact'], request: { schema: 'test', schemaFromProfile: true } }, draft, {
    gucStatus: 418,
    gucHeaders: [
      ['content-type', 'text/html'],
      ['Set-Cookie', 'a=1'],
      ['Set-Cookie', 'b=2'],
    ],
  });
  t.equal(done.status, 418);
  t.same(done.headers, [
    ['Content-Range', '0-1/*'],
    ['Preference-Applied', 'count=exact'],
    ['Content-Profile', 'test'],
    ['content-type', 'text/html'],
    ['Set-Cookie', 'a=1'],
    ['Set-Cookie', 'b=2'],
    ['Vary', 'Accept, Prefer, Range'],
  ]);
  const bodiless = finish({ applied: [], request: { schema: 'test', schemaFromProfile: true } }, { status: 204, headers: [], body: null }, null);
  t.same(bodiless.headers, [['Vary', 'Accept, Prefer, Range']], 'Content-Profile only accompanies a Content-Type');
});

t.test('reads: Content-Range and 206 from the counted total; singular media checked before commit', async (t) => {
  const read = respond(plan('GET', '/items?select=id&limit=2', { prefer: 'count=exact' }), result({ total: '5' }));
  t.equal(read.status, 206);
  t.same(named(read.headers, 'content-range'), ['0-1/5']);
  t.same(named(read.headers, 'preference-applied'), ['count=exact']);
  const planned = respond(plan('GET', '/items?select=id', { prefer: 'count=planned' }), result({}, 9));
  t.same(named(planned.headers, 'content-range'), ['0-1/9'], 'count=planned reports the EXPLAIN estimate');
  await expectError(t, () => checkBeforeCommit(plan('GET', '/items', { accept: 'application/vnd.pgrst.object+json' }), result()), {
    code: 'PGRST116',
    status: 406,
  });
  const beyond = respond(plan('GET', '/items?offset=9', { prefer: 'count=exact' }), result({ total: '5', page_total: 0 }));
  await expectError(t, { status: beyond.status, json: () => JSON.parse(String(beyond.body)) }, { code: 'PGRST103', status: 416 });
  t.same(named(beyond.headers, 'content-range'), ['*/5'], 'a 416 says the total');
});

t.test('calls: void is 204 without a body; scalars are 200', async (t) => {
  const nothing = respond(plan('POST', '/rpc/nothing'), result({ page_total: 1, body: null }));
  t.equal(nothing.status, 204);
  t.equal(nothing.body, null);
  const sum = respond(plan('GET', '/rpc/add?a=1&b=2'), result({ page_total: 1, body: '3' }));
  t.equal(sum.status, 200);
  t.equal(sum.body, '3');
});

t.test('writes: 201 with Location for headers-only inserts, PATCH ranges, max-affected before commit', async (t) => {
  const created = respond(
    plan('POST', '/items', { prefer: 'return=headers-only' }, { id: 7, name: 'n' }),
    result({ page_total: 1, body: null, location: '["7"]' }),
  );
  t.equal(created.status, 201);
  t.same(named(created.headers, 'location'), ['/items?id=eq.7']);
  const patched = respond(plan('PATCH', '/items?id=lt.3', {}, { qty: 1 }), result({ page_total: 2, body: null }));
  t.equal(patched.status, 204);
  t.same(named(patched.headers, 'content-range'), ['0-1/*']);
  const strict = plan('PATCH', '/items?id=lt.3', { prefer: 'handling=strict, max-affected=1' }, { qty: 1 });
  await expectError(t, () => checkBeforeCommit(strict, result({ page_total: 2 })), {
    code: 'PGRST124',
    message: 'Query result exceeds max-affected preference constraint',
  });
});
