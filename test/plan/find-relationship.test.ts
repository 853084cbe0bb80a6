// Which relationship an embed names (`rel`, `rel!hint`) on the frozen catalog, and PGRST200/201 as PostgREST words them.
import t from 'tap';
import { findRelationship } from '../../src/plan/find-relationship.ts';
import type { Relationship } from '../../src/schema/relationship-types.ts';
import { frozenCache } from '../helpers/frozen-cache.ts';
import { expectError, thrownError } from '../helpers/expect-error.ts';

const find = (origin: string, target: string, hint: string | null = null): Relationship => findRelationship(frozenCache, 'test', origin, target, hint);

/** The parts that tell relationships apart: kind, far end, cardinality, constraint/junction/function, columns. */
function summary(rel: Relationship): Record<string, unknown> {
  if (rel.kind === 'foreign-key')
    return { kind: rel.kind, to: rel.foreignTable.name, cardinality: rel.cardinality, constraint: rel.constraint, columns: rel.columns };
  if (rel.kind === 'many-to-many')
    return { kind: rel.kind, to: rel.foreignTable.name, junction: rel.junction.table.name, constraints: [rel.junction.constraint1, rel.junction.constraint2] };
  return { kind: rel.kind, to: rel.foreignTable.name, function: rel.function.name, toOne: rel.toOne };
}

t.test('many-to-one, one-to-many and one-to-one by target name', async (t) => {
  t.same(summary(find('em_tasks', 'em_projects')), {
    kind: 'foreign-key',
    to: 'em_projects',
    cardinality: 'many-to-one',
    constraint: 'em_tasks_project_id_fkey',
    columns: [['project_id', 'id']],
  });
  t.same(summary(find('em_projects', 'em_tasks')), {
    kind: 'foreign-key',
    to: 'em_tasks',
    cardinality: 'one-to-many',
    constraint: 'em_tasks_project_id_fkey',
    columns: [['id', 'project_id']],
  });
  t.same(summary(find('em_users', 'em_profiles')), {
    kind: 'foreign-key',
    to: 'em_profiles',
    cardinality: 'one-to-one',
    constraint: 'em_profiles_user_id_fkey',
    columns: [['id', 'user_id']],
  });
  t.same(summary(find('em_profiles', 'em_users')).cardinality, 'one-to-one', 'one-to-one from the FK side too');
  t.same(
    summary(find('em_order_lines', 'em_orders')).columns,
    [
      ['region', 'region'],
      ['no', 'no'],
    ],
    'a composite key keeps every column pair in order',
  );
});

t.test('many-to-many through the junction, in both directions', async (t) => {
  t.same(summary(find('em_tasks', 'em_tags')), {
    kind: 'many-to-many',
    to: 'em_tags',
    junction: 'em_task_tags',
    constraints: ['em_task_tags_task_id_fkey', 'em_task_tags_tag_id_fkey'],
  });
  t.same(summary(find('em_tags', 'em_tasks')), {
    kind: 'many-to-many',
    to: 'em_tasks',
    junction: 'em_task_tags',
    constraints: ['em_task_tags_tag_id_fkey', 'em_task_tags_task_id_fkey'],
  });
  t.same(summary(find('em_tasks', 'em_tags', 'em_task_tags')).kind, 'many-to-many', 'the junction name is a hint');
  t.equal(find('em_tasks', 'em_task_tags').kind, 'foreign-key', 'the junction itself is a plain one-to-many');
});

t.test('a foreign-key column or constraint name stands for the related table', async (t) => {
  t.same(summary(find('em_projects', 'owner_id')), {
    kind: 'foreign-key',
    to: 'em_users',
    cardinality: 'many-to-one',
    constraint: 'em_projects_owner_id_fkey',
    columns: [['owner_id', 'id']],
  });
  t.equal((find('em_projects', 'em_projects_reviewer_id_fkey') as { constraint: string }).constraint, 'em_projects_reviewer_id_fkey');
  // Only a table answers to the FK column: the views over em_projects are reached by their own names.
  t.same(summary(find('em_tasks', 'project_id')).to, 'em_projects');
});

t.test('hints pick one of several relationships', async (t) => {
  t.equal(summary(find('em_projects', 'em_users', 'owner_id')).constraint, 'em_projects_owner_id_fkey', 'hint by FK column');
  t.equal(summary(find('em_projects', 'em_users', 'em_projects_reviewer_id_fkey')).constraint, 'em_projects_reviewer_id_fkey', 'hint by constraint');
  t.equal(summary(find('em_users', 'em_projects', 'reviewer_id')).constraint, 'em_projects_reviewer_id_fkey', 'hint by the far side column (one-to-many)');
  await expectError(t, () => find('em_users', 'em_projects', 'id'), { code: 'PGRST201', status: 300 });
  await expectError(t, () => find('em_projects', 'em_users', 'nope'), {
    code: 'PGRST200',
    status: 400,
    message: "Could not find a relationship between 'em_projects' and 'em_users' in the schema cache",
  });
});

t.test('self references: the table name is the children, the FK column the parent', async (t) => {
  t.same(summary(find('em_employees', 'em_employees')), {
    kind: 'foreign-key',
    to: 'em_employees',
    cardinality: 'one-to-many',
    constraint: 'em_employees_manager_id_fkey',
    columns: [['id', 'manager_id']],
  });
  t.same(summary(find('em_employees', 'manager_id')).cardinality, 'many-to-one');
  t.same(summary(find('em_employees', 'em_employees', 'manager_id')).cardinality, 'one-to-many', 'hint by the children’s FK column');
  t.same(summary(find('em_employees', 'em_employees', 'em_employees_manager_id_fkey')).cardinality, 'many-to-one', 'hint by constraint: the parent');
});

t.test('views stand in for their base tables, also a view over a view', async (t) => {
  t.same(summary(find('em_tasks', 'em_project_list')), {
    kind: 'foreign-key',
    to: 'em_project_list',
    cardinality: 'many-to-one',
    constraint: 'em_tasks_project_id_fkey',
    columns: [['project_id', 'project_key']],
  });
  t.same(summary(find('em_project_names', 'em_tasks')).columns, [['project_key', 'project_id']]);
  t.same(summary(find('em_project_list', 'em_users')).columns, [['owner', 'id']], 'renamed view column');
});

t.test('computed relationships are found by function name', async (t) => {
  t.same(summary(find('em_projects', 'em_latest_task')), { kind: 'computed', to: 'em_tasks', function: 'em_latest_task', toOne: true });
  t.same(summary(find('em_projects', 'em_open_tasks')), { kind: 'computed', to: 'em_tasks', function: 'em_open_tasks', toOne: false });
  t.equal(find('em_projects', 'em_tasks').kind, 'foreign-key', 'the table name still means the foreign key');
});

t.test('PGRST201: the candidates in details and the hints to choose one', async (t) => {
  const error = thrownError(() => find('em_projects', 'em_users'));
  t.match(error, {
    code: 'PGRST201',
    status: 300,
    message: "Could not embed because more than one relationship was found for 'em_projects' and 'em_users'",
    hint: "Try changing 'em_users' to one of the following: 'em_users!em_projects_owner_id_fkey', 'em_users!em_projects_reviewer_id_fkey'. Find the desired relationship in the 'details' key.",
  });
  t.same(error.details, [
    {
      cardinality: 'many-to-one',
      embedding: 'em_projects with em_users',
      relationship: 'em_projects_owner_id_fkey using em_projects(owner_id) and em_users(id)',
    },
    {
      cardinality: 'many-to-one',
      embedding: 'em_projects with em_users',
      relationship: 'em_projects_reviewer_id_fkey using em_projects(reviewer_id) and em_users(id)',
    },
  ]);
});

t.test('PGRST200: details name the hint and schema; the hint suggests a close name', async (t) => {
  const error = thrownError(() => find('em_tasks', 'em_tag', 'em_task_tags'));
  t.match(error, {
    code: 'PGRST200',
    status: 400,
    message: "Could not find a relationship between 'em_tasks' and 'em_tag' in the schema cache",
    details:
      "Searched for a foreign key relationship between 'em_tasks' and 'em_tag' using the hint 'em_task_tags' in the schema 'test', but no matches were found.",
    hint: "Perhaps you meant 'em_tags' instead of 'em_tag'.",
  });
  await expectError(t, () => find('em_userz', 'em_projects'), { code: 'PGRST200' });
  t.match(
    thrownError(() => find('em_userz', 'em_projects')),
    { hint: "Perhaps you meant 'em_users' instead of 'em_userz'." },
    'an unknown origin suggests a close origin',
  );
  t.match(
    thrownError(() => find('em_users', 'em_tags')),
    { hint: null, details: /between 'em_users' and 'em_tags' in the schema 'test'/ },
    'no hint when nothing is close',
  );
});
