// Resource embedding against a real database: each relationship kind and each select syntax form.
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';

const app = await startTestApp();
t.teardown(() => app.close());

const get = async (url: string) => {
  const res = await app.request('GET', url);
  if (res.status !== 200) throw new Error(`${url} → ${res.status} ${res.body}`);
  return res.json();
};

t.test('many-to-one gives an object, or null when the FK is null', async (t) => {
  t.same(await get('/em_projects?select=name,owner:em_users!owner_id(name),reviewer:em_users!reviewer_id(name)&order=id'), [
    { name: 'apollo', owner: { name: 'ada' }, reviewer: { name: 'bob' } },
    { name: 'borealis', owner: { name: 'bob' }, reviewer: null },
    { name: 'cosmos', owner: { name: 'ada' }, reviewer: { name: 'cyd' } },
    { name: 'dormant', owner: { name: 'cyd' }, reviewer: null },
  ]);
});

t.test('one-to-many gives an array, empty when there are no children', async (t) => {
  t.same(await get('/em_projects?select=name,em_tasks(title)&id=in.(2,4)&order=id'), [
    { name: 'borealis', em_tasks: [{ title: 'survey' }] },
    { name: 'dormant', em_tasks: [] },
  ]);
});

t.test('one-to-one (FK columns are the primary key) gives an object both ways', async (t) => {
  t.same(await get('/em_users?select=name,em_profiles(bio)&order=id'), [
    { name: 'ada', em_profiles: { bio: 'math' } },
    { name: 'bob', em_profiles: { bio: null } },
    { name: 'cyd', em_profiles: null },
  ]);
  t.same(await get('/em_profiles?select=user_id,em_users(name)&order=user_id'), [
    { user_id: 1, em_users: { name: 'ada' } },
    { user_id: 2, em_users: { name: 'bob' } },
  ]);
});

t.test('many-to-many through a junction, and the junction with its extra column', async (t) => {
  t.same(await get('/em_tasks?select=title,em_tags(name)&id=in.(1,2,3)&order=id&em_tags.order=name'), [
    { title: 'design', em_tags: [{ name: 'ui' }] },
    { title: 'build', em_tags: [{ name: 'backend' }, { name: 'urgent' }] },
    { title: 'ship', em_tags: [] },
  ]);
  t.same(await get('/em_tags?select=name,em_tasks(title)&id=eq.1&em_tasks.order=id'), [
    { name: 'urgent', em_tasks: [{ title: 'build' }, { title: 'launch' }] },
  ]);
  t.same(await get('/em_tasks?select=title,em_task_tags(added_by,em_tags(name))&id=eq.2&em_task_tags.order=tag_id'), [
    {
      title: 'build',
      em_task_tags: [
        { added_by: 'bob', em_tags: { name: 'urgent' } },
        { added_by: 'ada', em_tags: { name: 'backend' } },
      ],
    },
  ]);
});

t.test('self-reference: the FK column names the parent, the table name the children', async (t) => {
  t.same(await get('/em_employees?select=name,manager:manager_id(name),reports:em_employees(name)&order=id&reports.order=id'), [
    { name: 'boss', manager: null, reports: [{ name: 'lead' }] },
    { name: 'lead', manager: { name: 'boss' }, reports: [{ name: 'dev' }, { name: 'dev2' }] },
    { name: 'dev', manager: { name: 'lead' }, reports: [] },
    { name: 'dev2', manager: { name: 'lead' }, reports: [] },
  ]);
  t.same(await get('/em_employees?select=name,reports:em_employees!manager_id(name)&id=eq.1'), [{ name: 'boss', reports: [{ name: 'lead' }] }]);
});

t.test('composite foreign keys join on every column', async (t) => {
  t.same(await get('/em_orders?select=region,em_order_lines(item)&order=region&em_order_lines.order=id'), [
    { region: 'eu', em_order_lines: [{ item: 'bolt' }, { item: 'nut' }] },
    { region: 'us', em_order_lines: [{ item: 'gear' }] },
  ]);
  t.same(await get('/em_order_lines?select=item,em_orders(placed)&id=eq.3'), [{ item: 'gear', em_orders: { placed: '2024-02-01' } }]);
});

t.test('views keep the relationships of their base tables, also through a view over a view', async (t) => {
  t.same(await get('/em_project_list?select=title,em_users(name)&project_key=eq.2'), [{ title: 'borealis', em_users: { name: 'bob' } }]);
  t.same(await get('/em_users?select=name,em_project_list(title)&id=eq.1&em_project_list.order=project_key'), [
    { name: 'ada', em_project_list: [{ title: 'apollo' }, { title: 'cosmos' }] },
  ]);
  t.same(await get('/em_tasks?select=title,em_project_list(title)&id=eq.4'), [{ title: 'survey', em_project_list: { title: 'borealis' } }]);
  t.same(await get('/em_project_names?select=title,em_tasks(title)&project_key=eq.2'), [{ title: 'borealis', em_tasks: [{ title: 'survey' }] }]);
});

t.test('computed relationships: setof … rows 1 is to-one, setof is to-many', async (t) => {
  t.same(await get('/em_projects?select=name,em_latest_task(title),open:em_open_tasks(title)&order=id'), [
    { name: 'apollo', em_latest_task: { title: 'ship' }, open: [{ title: 'build' }, { title: 'ship' }] },
    { name: 'borealis', em_latest_task: { title: 'survey' }, open: [] },
    { name: 'cosmos', em_latest_task: { title: 'launch' }, open: [{ title: 'launch' }] },
    { name: 'dormant', em_latest_task: null, open: [] },
  ]);
});

t.test('nesting to any depth, with star and aliases', async (t) => {
  t.same(await get('/em_users?select=name,projects:em_projects!owner_id(name,em_tasks(*,tags:em_tags(name)))&id=eq.2'), [
    { name: 'bob', projects: [{ name: 'borealis', em_tasks: [{ id: 4, project_id: 2, title: 'survey', done: true, position: 1, tags: [] }] }] },
  ]);
});

t.test('hints: constraint name, column, referenced column, junction', async (t) => {
  const byConstraint = await get('/em_projects?select=em_users!em_projects_reviewer_id_fkey(name)&id=eq.1');
  t.same(byConstraint, [{ em_users: { name: 'bob' } }]);
  t.same(await get('/em_projects?select=em_users!reviewer_id(name)&id=eq.3'), [{ em_users: { name: 'cyd' } }]);
  t.same(await get('/em_users?select=em_projects!reviewer_id(name)&id=eq.2'), [{ em_projects: [{ name: 'apollo' }] }]);
  t.same(await get('/em_tasks?select=em_tags!em_task_tags(name)&id=eq.1'), [{ em_tags: [{ name: 'ui' }] }]);
});

t.test('!inner drops parents without a match; !left keeps them; they combine with hints', async (t) => {
  t.same(await get('/em_projects?select=name,em_tasks!inner(title)&em_tasks.title=eq.launch'), [{ name: 'cosmos', em_tasks: [{ title: 'launch' }] }]);
  t.same(await get('/em_projects?select=name,em_tasks!left(title)&em_tasks.title=eq.launch&order=id'), [
    { name: 'apollo', em_tasks: [] },
    { name: 'borealis', em_tasks: [] },
    { name: 'cosmos', em_tasks: [{ title: 'launch' }] },
    { name: 'dormant', em_tasks: [] },
  ]);
  t.same(await get('/em_projects?select=name,reviewer:em_users!reviewer_id!inner(name)&order=id'), [
    { name: 'apollo', reviewer: { name: 'bob' } },
    { name: 'cosmos', reviewer: { name: 'cyd' } },
  ]);
  const counted = await app.request('GET', '/em_projects?select=name,em_tasks!inner(title)&em_tasks.done=is.false&limit=1', {
    headers: { prefer: 'count=exact' },
  });
  t.equal(counted.status, 206);
  t.equal(counted.headers['content-range'], '0-0/2');
});

t.test('rel() embeds only to filter and adds no key', async (t) => {
  t.same(await get('/em_projects?select=name,em_tasks!inner()&em_tasks.done=is.true&order=id'), [{ name: 'apollo' }, { name: 'borealis' }]);
});

t.test('to-one spreads lift the columns into the parent, also nested', async (t) => {
  t.same(await get('/em_projects?select=name,...em_users!owner_id(owner_name:name)&order=id&limit=2'), [
    { name: 'apollo', owner_name: 'ada' },
    { name: 'borealis', owner_name: 'bob' },
  ]);
  t.same(await get('/em_tasks?select=title,...em_projects(project:name,...em_users!owner_id(owner:name))&id=eq.4'), [
    { title: 'survey', project: 'borealis', owner: 'bob' },
  ]);
  t.same(await get('/em_users?select=name,...em_profiles(*)&id=eq.1'), [{ name: 'ada', user_id: 1, bio: 'math' }]);
});
