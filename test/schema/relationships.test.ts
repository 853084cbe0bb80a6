// buildRelationships on the frozen catalog (test/fixtures/040_embedding.sql): every kind, both directions, views, schemas.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { parseIntrospectionResults } from 'pg-introspection';
import { buildRelationships } from '../../src/schema/relationships.ts';
import type { Relationship } from '../../src/schema/relationship-types.ts';
import { qualifiedKey } from '../../src/schema/types.ts';

const snapshot = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', 'fixtures', 'catalog-snapshot.json'), 'utf8'));
const intro = parseIntrospectionResults(snapshot.introspection, false);
const viewActions: Record<string, string> = snapshot.extras.viewActions;

const all = buildRelationships(intro, viewActions, ['test']);
const from = (name: string, rels = all): readonly Relationship[] => rels.get(qualifiedKey('test', name)) ?? [];
/** One line per relationship: kind, far end, cardinality and how it joins. */
function line(rel: Relationship): string {
  if (rel.kind === 'foreign-key') {
    const on = rel.columns.map(([a, b]) => `${a}=${b}`).join(',');
    return `fk ${rel.cardinality} ${rel.foreignTable.name} ${rel.constraint} (${on})${rel.isSelf ? ' self' : ''}${rel.foreignTableIsView ? ' view' : ''}`;
  }
  if (rel.kind === 'many-to-many') {
    const j = rel.junction;
    return `m2m ${rel.foreignTable.name} via ${j.table.name} ${j.sourceColumns.map(([a, b]) => `${a}=${b}`).join(',')} ${j.targetColumns.map(([a, b]) => `${a}=${b}`).join(',')}`;
  }
  return `computed ${rel.function.name} → ${rel.foreignTable.name}${rel.toOne ? ' to-one' : ''}`;
}
const lines = (name: string, rels = all): string[] => from(name, rels).map(line).sort();

t.test('foreign keys in both directions, with cardinality from the unique keys', async (t) => {
  t.same(lines('em_profiles'), ['fk one-to-one em_users em_profiles_user_id_fkey (user_id=id)']);
  t.same(lines('em_orders'), ['fk one-to-many em_order_lines em_order_lines_region_no_fkey (region=region,no=no)']);
  t.same(lines('em_order_lines'), ['fk many-to-one em_orders em_order_lines_region_no_fkey (region=region,no=no)']);
  t.same(lines('em_users'), [
    'fk one-to-many em_project_list em_projects_owner_id_fkey (id=owner) view',
    'fk one-to-many em_projects em_projects_owner_id_fkey (id=owner_id)',
    'fk one-to-many em_projects em_projects_reviewer_id_fkey (id=reviewer_id)',
    'fk one-to-one em_profiles em_profiles_user_id_fkey (id=user_id)',
  ]);
});

t.test('a self reference gives the parent and the children', async (t) => {
  t.same(lines('em_employees'), [
    'fk many-to-one em_employees em_employees_manager_id_fkey (manager_id=id) self',
    'fk one-to-many em_employees em_employees_manager_id_fkey (id=manager_id) self',
  ]);
});

t.test('many-to-many only through a junction whose primary key covers both foreign keys', async (t) => {
  t.same(
    lines('em_tasks').filter((l) => l.startsWith('m2m')),
    ['m2m em_tags via em_task_tags task_id=id tag_id=id'],
  );
  t.same(
    lines('em_tags').filter((l) => l.startsWith('m2m')),
    ['m2m em_tasks via em_task_tags tag_id=id task_id=id'],
  );
  t.same(
    lines('em_users').filter((l) => l.startsWith('m2m')),
    [],
    'em_projects has two FKs to em_users but is no junction',
  );
  t.same(
    lines('em_task_tags'),
    ['fk many-to-one em_tags em_task_tags_tag_id_fkey (tag_id=id)', 'fk many-to-one em_tasks em_task_tags_task_id_fkey (task_id=id)'],
    'the junction keeps its own foreign keys',
  );
});

t.test('views stand in for their base table, with the view’s column names, also a view over a view', async (t) => {
  t.same(lines('em_project_list'), [
    'fk many-to-one em_users em_projects_owner_id_fkey (owner=id)',
    'fk one-to-many em_tasks em_tasks_project_id_fkey (project_key=project_id)',
  ]);
  t.same(
    lines('em_project_names'),
    ['fk one-to-many em_tasks em_tasks_project_id_fkey (project_key=project_id)'],
    'no owner column, no relationship to em_users',
  );
  t.same(
    lines('em_tasks').filter((l) => l.includes(' view')),
    [
      'fk many-to-one em_project_list em_tasks_project_id_fkey (project_id=project_key) view',
      'fk many-to-one em_project_names em_tasks_project_id_fkey (project_id=project_key) view',
    ],
  );
  const withoutViews = buildRelationships(intro, {}, ['test']);
  t.same(lines('em_project_list', withoutViews), [], 'without view definitions a view has no relationships');
  t.same(
    lines('em_tasks', withoutViews).filter((l) => l.includes(' view')),
    [],
  );
});

t.test('computed relationships: one-argument functions of a row type returning rows', async (t) => {
  t.same(lines('em_projects'), [
    'computed em_latest_task → em_tasks to-one',
    'computed em_open_tasks → em_tasks',
    'fk many-to-one em_users em_projects_owner_id_fkey (owner_id=id)',
    'fk many-to-one em_users em_projects_reviewer_id_fkey (reviewer_id=id)',
    'fk one-to-many em_tasks em_tasks_project_id_fkey (id=project_id)',
  ]);
});

t.test('only relationships within the exposed schemas', async (t) => {
  t.ok(
    [...all.keys()].every((key) => key.startsWith('test\u0000')),
    'every origin is in test',
  );
  t.ok(
    [...all.values()].flat().every((rel) => rel.foreignTable.schema === 'test'),
    'every far end is in test',
  );
  t.equal(buildRelationships(intro, viewActions, ['nope']).size, 0, 'nothing exposed, nothing found');
});
