// The write planner on the frozen catalog: payload columns, conflict targets, filters, RETURNING and errors.
import t from 'tap';
import { planRequest } from '../../src/plan/plan.ts';
import type { MutatePlan } from '../../src/plan/mutate-types.ts';
import { frozenCache, parse, testConfig } from '../helpers/frozen-cache.ts';
import { expectError, thrownError } from '../helpers/expect-error.ts';

const plan = (method: string, url: string, body?: object, headers: Record<string, string> = {}, settings = {}): MutatePlan =>
  planRequest(parse(method, url, headers, body), frozenCache, testConfig(settings)) as MutatePlan;
const names = (columns: MutatePlan['returning'] | MutatePlan['columns']): string[] | 'all' => (columns === 'all' ? 'all' : columns.map((c) => c.name));

t.test('POST: payload keys become columns in payload order; minimal return reads nothing back', async (t) => {
  const p = plan('POST', '/tasks', { title: 'x', priority: 3, done: false });
  t.equal(p.kind, 'mutate');
  t.equal(p.mutation, 'create');
  t.equal(p.table.name, 'tasks');
  t.same(names(p.columns), ['title', 'priority', 'done']);
  t.same(p.payload?.keys, ['title', 'priority', 'done']);
  t.equal(p.onConflict, null);
  t.same(p.where, []);
  t.equal(p.returnPreference, 'minimal');
  t.same(names(p.returning), []);
  t.equal(p.applyDefaults, false);
  t.equal(p.trackInserted, false);
  t.equal(p.range, null);
  t.same(p.applied, []);
});

t.test('POST: columns= limits the columns; missing=default applies defaults', async (t) => {
  const p = plan('POST', '/tasks?columns=title,done', [{ title: 'a', done: true, extra: 1 }], { Prefer: 'missing=default' });
  t.same(names(p.columns), ['title', 'done'], 'keys outside columns= are ignored');
  t.equal(p.applyDefaults, true);
  t.same(p.applied, ['missing=default']);
});

t.test('return=headers-only on POST returns the primary key for Location; return=representation what the select reads', async (t) => {
  t.same(names(plan('POST', '/tasks', { title: 'x' }, { Prefer: 'return=headers-only' }).returning), ['id']);
  t.same(names(plan('PATCH', '/tasks?id=eq.1', { title: 'x' }, { Prefer: 'return=headers-only' }).returning), [], 'no Location on PATCH');
  const rep = plan('POST', '/tasks?select=title,id&order=priority', { title: 'x' }, { Prefer: 'return=representation' });
  t.same(names(rep.returning), ['id', 'title', 'priority'], 'selected and ordered columns, in table order');
  t.equal(rep.read.source, 'mutation');
  t.equal(plan('POST', '/tasks', { title: 'x' }, { Prefer: 'return=representation' }).returning, 'all', 'select=* needs every column');
  t.equal(plan('POST', '/tasks?select=id,projects(name)', { title: 'x' }, { Prefer: 'return=representation' }).returning, 'all', 'an embed needs every column');
});

t.test('POST with resolution=: the conflict target is on_conflict= or the primary key', async (t) => {
  const merge = plan('POST', '/tasks', { id: 1, title: 'x' }, { Prefer: 'resolution=merge-duplicates' });
  t.same(merge.onConflict, { columns: ['id'], action: 'merge' });
  t.equal(merge.trackInserted, true, 'merged upserts tell inserted from updated rows');
  t.same(merge.applied, ['resolution=merge-duplicates']);
  const ignore = plan('POST', '/kv?on_conflict=k', { k: 'a', v: 1 }, { Prefer: 'resolution=ignore-duplicates' });
  t.same(ignore.onConflict, { columns: ['k'], action: 'ignore' });
  t.equal(ignore.trackInserted, false);
  const noKey = plan('POST', '/kv', { k: 'a' }, { Prefer: 'resolution=merge-duplicates' });
  t.equal(noKey.onConflict, null, 'no primary key and no on_conflict=: a plain insert');
  t.same(noKey.applied, [], '… and the preference is not applied');
  await expectError(t, () => plan('POST', '/kv?on_conflict=nope', { k: 'a' }, { Prefer: 'resolution=merge-duplicates' }), {
    code: 'PGRST204',
    status: 400,
    message: "Could not find the 'nope' column of 'kv' in the schema cache",
  });
});

t.test('PATCH/DELETE: root filters drive the mutation; the representation read drops them', async (t) => {
  const p = plan('PATCH', '/tasks?id=eq.1&done=is.false', { done: true }, { Prefer: 'return=representation' });
  t.equal(p.mutation, 'update');
  t.equal(p.where.length, 2);
  t.same(
    p.where.map((w) => (w.kind === 'condition' ? w.condition.field.column.name : w.kind)),
    ['id', 'done'],
  );
  t.same(p.read.where, [], 'the representation reads the changed rows, unfiltered');
  t.equal(p.read.limit, null);
  const d = plan('DELETE', '/tasks?id=gt.10');
  t.equal(d.mutation, 'delete');
  t.equal(d.payload, null);
  t.same(d.columns, []);
  t.equal(d.where.length, 1);
});

t.test('limit/offset on PATCH/DELETE become a range over the ordered rows, on tables only', async (t) => {
  const d = plan('DELETE', '/tasks?order=id.desc&limit=2&offset=1');
  t.equal(d.range?.limit, 2);
  t.equal(d.range?.offset, 1);
  t.same(
    d.range?.order.map((o) => [o.field.column.name, o.direction]),
    [['id', 'desc']],
  );
  t.equal(plan('DELETE', '/tasks?order=id').range, null, 'no window, no range');
  t.match(
    thrownError(() => plan('DELETE', '/cheap_items?limit=1')),
    {
      code: 'PGRST127',
      status: 400,
      message: 'Feature not implemented',
      details: "limit/offset on DELETE is only supported on tables, and 'cheap_items' is a view",
    },
  );
});

t.test('PUT: an upsert on the primary key, checked against the URL filters', async (t) => {
  const p = plan('PUT', '/tasks?id=eq.7', {
    id: 7,
    title: 'x',
    done: false,
    priority: 1,
    project_id: null,
    owner: null,
    tags: null,
    due: null,
    created_at: '2024-01-01',
  });
  t.equal(p.mutation, 'upsert');
  t.same(p.onConflict, { columns: ['id'], action: 'merge' });
  t.same(
    p.putConditions.map((c) => c.field.column.name),
    ['id'],
  );
  t.equal(p.trackInserted, true);
  await expectError(t, () => plan('PUT', '/tasks?id=eq.7', { id: 7 }), { code: 'PGRST102' });
});

t.test('errors: unknown payload column, read-only relation, filters on embeds', async (t) => {
  await expectError(t, () => plan('POST', '/tasks', { titel: 'x' }), {
    code: 'PGRST204',
    status: 400,
    message: "Could not find the 'titel' column of 'tasks' in the schema cache",
  });
  const notWritable = thrownError(() => plan('POST', '/item_counts', { n: 1 }));
  t.match(notWritable, {
    code: 'PGRST117',
    status: 405,
    message: "Cannot insert into the materialized view 'item_counts'",
    details: 'The materialized view is not insertable (not automatically updatable and without INSTEAD OF triggers)',
  });
  t.same((notWritable as { headers: unknown }).headers, { Allow: 'OPTIONS,GET,HEAD' });
  t.match(
    thrownError(() => plan('PATCH', '/em_tasks?select=*,em_projects(*)&em_projects=is.null', { done: true })),
    {
      code: 'PGRST127',
      details: 'Filters on embedded resources cannot restrict a mutation',
    },
  );
});
