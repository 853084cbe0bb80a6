// The read planner against the frozen catalog: resolution, output names, casts, limits and errors.
import t from 'tap';
import { ApiError } from '../../src/errors/api-error.ts';
import { planRequest } from '../../src/plan/plan.ts';
import type { ReadRequestPlan } from '../../src/plan/types.ts';
import { frozenCache, parse, testConfig } from '../helpers/frozen-cache.ts';

const plan = (url: string, settings = {}) => planRequest(parse('GET', url), frozenCache, testConfig(settings)) as ReadRequestPlan;
const planError = (url: string, settings = {}): ApiError => {
  try {
    plan(url, settings);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error(`${url} planned without error`);
};

t.test('the schema cache holds relations of every kind with keys and types', async (t) => {
  const items = frozenCache.tables.get('test\u0000items')!;
  t.equal(items.kind, 'table');
  t.same(items.primaryKey, ['id']);
  t.same(
    items.columns.map((c) => c.type.display),
    ['integer', 'text', 'numeric', 'integer', 'text[]', 'jsonb', 'date', 'text', 'boolean'],
  );
  t.equal(items.columnsByName.get('name')!.nullable, false);
  t.equal(frozenCache.tables.get('test\u0000cheap_items')!.kind, 'view');
  t.equal(frozenCache.tables.get('test\u0000item_counts')!.kind, 'materialized_view');
  const todos = frozenCache.tables.get('test\u0000todos')!;
  t.equal(todos.columnsByName.get('owner')!.defaultExpression, 'auth.user_id()');
});

t.test('select items resolve to cached columns with output names like PostgREST', async (t) => {
  const p = plan('/items?select=id,label:name,data->size->>w,first:tags->0,price::text');
  const names = p.read.select.map((s) => (s.kind === 'field' ? s.outputName : s.kind));
  t.same(names, ['id', 'label', 'w', 'first', 'price']);
  const cast = p.read.select[4]!;
  t.equal(cast.kind === 'field' && cast.cast?.name, 'text');
});

t.test('limits: db-max-rows caps the top level', async (t) => {
  t.equal(plan('/items').read.limit, null);
  t.equal(plan('/items', { 'db-max-rows': '100' }).read.limit, 100);
  t.equal(plan('/items?limit=5', { 'db-max-rows': '100' }).read.limit, 5);
  t.equal(plan('/items?limit=500', { 'db-max-rows': '100' }).read.limit, 100);
  t.equal(plan('/items?offset=3').read.offset, 3);
});

t.test('errors', async (t) => {
  const table = planError('/itmes');
  t.equal(table.code, 'PGRST205');
  t.equal(table.status, 404);
  t.equal(table.hint, "Perhaps you meant the table 'test.items'");
  t.equal(planError('/zzzzzzzz').hint, null, 'no hint when nothing is close');
  const column = planError('/items?select=nmae');
  t.equal(column.code, '42703');
  t.equal(column.hint, 'Perhaps you meant to reference the column "items.name".');
  t.equal(planError('/items?order=nope').code, '42703');
  t.equal(planError('/items?or=(nope.eq.1)').code, '42703');
  t.equal(planError('/items?select=name::nosuchtype').code, '42704');
  t.equal(planError('/items?select=qty.sum()').code, 'PGRST123');
  t.equal(plan('/items?select=qty.sum()', { 'db-aggregates-enabled': 'true' }).read.groupBy.length, 0);
  t.equal(plan('/items?select=active,qty.sum()', { 'db-aggregates-enabled': 'true' }).read.groupBy.length, 1);
});
