// Embedded modifiers and embedding errors against a real database: filters, logic, order, ranges, null embeds.
import t, { type Test } from 'tap';
import { startTestApp } from '../helpers/test-app.ts';

const app = await startTestApp();
t.teardown(() => app.close());

const get = async (url: string, headers: Record<string, string> = {}) => {
  const res = await app.request('GET', url, { headers });
  if (res.status >= 300) throw new Error(`${url} → ${res.status} ${res.body}`);
  return res.json();
};

t.test('filters, logic, order, limit and offset on an embed', async (t) => {
  const base = '/em_projects?select=name,em_tasks(title)&id=eq.1';
  t.same(await get(`${base}&em_tasks.done=is.false&em_tasks.order=position`), [{ name: 'apollo', em_tasks: [{ title: 'build' }, { title: 'ship' }] }]);
  t.same(await get(`${base}&em_tasks.or=(title.eq.design,position.gt.2)&em_tasks.order=position.desc`), [
    { name: 'apollo', em_tasks: [{ title: 'ship' }, { title: 'design' }] },
  ]);
  t.same(await get(`${base}&em_tasks.order=position.desc&em_tasks.limit=1`), [{ name: 'apollo', em_tasks: [{ title: 'ship' }] }]);
  t.same(await get(`${base}&em_tasks.order=position&em_tasks.limit=1&em_tasks.offset=1`), [{ name: 'apollo', em_tasks: [{ title: 'build' }] }]);
});

t.test('nested prefixes and aliases address deeper embeds', async (t) => {
  t.same(await get('/em_projects?select=name,t:em_tasks(title,em_tags(name))&id=eq.1&t.order=id&t.em_tags.name=eq.urgent'), [
    {
      name: 'apollo',
      t: [
        { title: 'design', em_tags: [] },
        { title: 'build', em_tags: [{ name: 'urgent' }] },
        { title: 'ship', em_tags: [] },
      ],
    },
  ]);
  t.same(await get('/em_projects?select=name,em_tasks!inner(title,em_tags!inner(name))&em_tasks.em_tags.name=eq.urgent&order=id'), [
    { name: 'apollo', em_tasks: [{ title: 'build', em_tags: [{ name: 'urgent' }] }] },
    { name: 'cosmos', em_tasks: [{ title: 'launch', em_tags: [{ name: 'urgent' }] }] },
  ]);
});

t.test('rel=is.null is an anti-join, rel=not.is.null a semi-join, also inside or=()', async (t) => {
  t.same(await get('/em_projects?select=name,em_tasks(title)&em_tasks=is.null'), [{ name: 'dormant', em_tasks: [] }]);
  t.same(await get('/em_projects?select=name,em_tasks()&em_tasks=not.is.null&order=id'), [{ name: 'apollo' }, { name: 'borealis' }, { name: 'cosmos' }]);
  t.same(await get('/em_projects?select=name,em_tasks()&em_tasks.done=is.true&em_tasks=is.null&order=id'), [{ name: 'cosmos' }, { name: 'dormant' }]);
  t.same(await get('/em_projects?select=name,reviewer:em_users!reviewer_id()&reviewer=is.null&order=id'), [{ name: 'borealis' }, { name: 'dormant' }]);
  t.same(await get('/em_projects?select=name,em_tasks()&or=(em_tasks.is.null,name.eq.apollo)&order=id'), [{ name: 'apollo' }, { name: 'dormant' }]);
  const counted = await app.request('GET', '/em_projects?select=name,em_tasks()&em_tasks=is.null', { headers: { prefer: 'count=exact' } });
  t.equal(counted.headers['content-range'], '0-0/1');
  const semi = await app.request('GET', '/em_projects?select=name,em_tasks()&em_tasks=not.is.null&limit=1', { headers: { prefer: 'count=exact' } });
  t.equal(semi.headers['content-range'], '0-0/3');
});

t.test('a filter on a column named like an embed stays a column filter', async (t) => {
  t.same(await get('/em_projects?select=name,owner_id:em_users!owner_id(name)&owner_id=eq.1&order=id'), [
    { name: 'apollo', owner_id: { name: 'ada' } },
    { name: 'cosmos', owner_id: { name: 'ada' } },
  ]);
});

t.test('order=rel(col) orders by a to-one embed', async (t) => {
  t.same(await get('/em_projects?select=name,owner:em_users!owner_id(name)&order=owner(name).desc,id'), [
    { name: 'dormant', owner: { name: 'cyd' } },
    { name: 'borealis', owner: { name: 'bob' } },
    { name: 'apollo', owner: { name: 'ada' } },
    { name: 'cosmos', owner: { name: 'ada' } },
  ]);
  t.same(await get('/em_projects?select=name,reviewer:em_users!reviewer_id(who:name)&order=reviewer(who).asc.nullsfirst,id'), [
    { name: 'borealis', reviewer: null },
    { name: 'dormant', reviewer: null },
    { name: 'apollo', reviewer: { who: 'bob' } },
    { name: 'cosmos', reviewer: { who: 'cyd' } },
  ]);
});

t.test('to-many spreads give arrays, also with aggregates disabled (PostgREST v13 gates only aggregate functions)', async (t) => {
  const off = await app.request('GET', '/em_projects?select=name,...em_tasks(titles:title)&id=eq.1&em_tasks.order=position');
  t.equal(off.status, 200, off.body);
  t.same(off.json(), [{ name: 'apollo', titles: ['design', 'build', 'ship'] }]);
  const aggregate = await app.request('GET', '/em_projects?select=name,...em_tasks(id.count())');
  t.equal(aggregate.json().code, 'PGRST123', 'an aggregate function inside a spread still needs db-aggregates-enabled');
  const aggApp = await startTestApp({ 'db-aggregates-enabled': 'true' });
  t.teardown(() => aggApp.close());
  const res = await aggApp.request('GET', '/em_projects?select=name,...em_tasks(titles:title,position)&id=in.(1,4)&order=id&em_tasks.order=position');
  t.equal(res.status, 200, res.body);
  t.same(res.json(), [
    { name: 'apollo', titles: ['design', 'build', 'ship'], position: [1, 2, 3] },
    { name: 'dormant', titles: [], position: [] },
  ]);
  const m2m = await aggApp.request('GET', '/em_tasks?select=title,...em_tags(tags:name)&id=eq.2&em_tags.order=name');
  t.same(m2m.json(), [{ title: 'build', tags: ['backend', 'urgent'] }]);
  const counted = await aggApp.request('GET', '/em_projects?select=name,tasks:em_tasks(count())&id=eq.1');
  t.same(counted.json(), [{ name: 'apollo', tasks: [{ count: 3 }] }]);
  const grouped = await aggApp.request('GET', '/em_projects?select=count(),owner:em_users!owner_id(name)');
  t.equal(grouped.status, 200, grouped.body);
  const byOwner = (rows: Array<{ owner: { name: string } }>) => [...rows].sort((a, b) => a.owner.name.localeCompare(b.owner.name));
  t.same(byOwner(grouped.json()), [
    { count: 2, owner: { name: 'ada' } },
    { count: 1, owner: { name: 'bob' } },
    { count: 1, owner: { name: 'cyd' } },
  ]);
});

const expectError = async (t: Test, url: string, status: number, code: string) => {
  const res = await app.request('GET', url);
  t.equal(res.status, status, `${url} status`);
  const body = res.json();
  t.equal(body.code, code, `${url} code`);
  return body;
};

t.test('PGRST200: no relationship, with a hint for a close name', async (t) => {
  const body = await expectError(t, '/em_projects?select=name,em_taks(title)', 400, 'PGRST200');
  t.same(body, {
    code: 'PGRST200',
    message: "Could not find a relationship between 'em_projects' and 'em_taks' in the schema cache",
    details: "Searched for a foreign key relationship between 'em_projects' and 'em_taks' in the schema 'test', but no matches were found.",
    hint: "Perhaps you meant 'em_tasks' instead of 'em_taks'.",
  });
  const hinted = await expectError(t, '/em_projects?select=name,em_tasks!nope(title)', 400, 'PGRST200');
  t.equal(
    hinted.details,
    "Searched for a foreign key relationship between 'em_projects' and 'em_tasks' using the hint 'nope' in the schema 'test', but no matches were found.",
  );
  t.equal(hinted.hint, null);
  await expectError(t, '/em_tags?select=em_orders(region)', 400, 'PGRST200');
});

t.test('PGRST201: two foreign keys to the same table list both candidates and the hints to use', async (t) => {
  const body = await expectError(t, '/em_projects?select=name,em_users(name)', 300, 'PGRST201');
  t.equal(body.message, "Could not embed because more than one relationship was found for 'em_projects' and 'em_users'");
  t.same(body.details, [
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
  t.equal(
    body.hint,
    "Try changing 'em_users' to one of the following: 'em_users!em_projects_owner_id_fkey', 'em_users!em_projects_reviewer_id_fkey'. Find the desired relationship in the 'details' key.",
  );
  const reverse = await expectError(t, '/em_users?select=name,em_projects(name)', 300, 'PGRST201');
  t.same(
    reverse.details.map((d: { cardinality: string }) => d.cardinality),
    ['one-to-many', 'one-to-many'],
  );
});

t.test('PGRST108: modifiers on an embed that is not selected', async (t) => {
  const body = await expectError(t, '/em_projects?select=name&em_tasks.done=is.true', 400, 'PGRST108');
  t.same(body, {
    code: 'PGRST108',
    message: "'em_tasks' is not an embedded resource in this request",
    details: null,
    hint: "Verify that 'em_tasks' is included in the 'select' query parameter.",
  });
  await expectError(t, '/em_projects?select=name&em_tasks.order=title', 400, 'PGRST108');
  await expectError(t, '/em_projects?select=name&em_tasks.limit=1', 400, 'PGRST108');
  await expectError(t, '/em_projects?select=name&em_tasks.or=(done.is.true)', 400, 'PGRST108');
  await expectError(t, '/em_projects?select=name,em_tasks(title)&em_tasks.em_tags.name=eq.x', 400, 'PGRST108');
  await expectError(t, '/em_projects?select=name&order=em_users(name)', 400, 'PGRST108');
  // Two aliased embeds of one relation: its name cannot say which one.
  const ambiguous = await expectError(t, '/em_projects?select=name,t:em_tasks(title),u:em_tasks(title)&em_tasks.limit=1', 400, 'PGRST108');
  t.equal(ambiguous.hint, "Change 'em_tasks' to 't' in filters, orders or limits.");
});

t.test('an aliased embed may be addressed by its relation name, with a deprecation Warning (as PostgREST)', async (t) => {
  const res = await app.request('GET', '/em_projects?select=name,t:em_tasks(title)&id=eq.1&em_tasks.order=title.desc&em_tasks.limit=2&em_tasks.title=neq.ship');
  t.equal(res.status, 200, res.body);
  t.same(res.json(), [{ name: 'apollo', t: [{ title: 'design' }, { title: 'build' }] }]);
  t.match(
    res.headers['warning'],
    /^299 pg-data-api\/\S+ "Embedded resource was referenced by relation name even though it has an alias\. .*Update `em_tasks` to `t` in query string filters, orders or limits\."$/,
  );
  const byAlias = await app.request('GET', '/em_projects?select=name,t:em_tasks(title)&id=eq.1&t.limit=1');
  t.equal(byAlias.headers['warning'], undefined, 'no warning for the alias');
});

t.test('PGRST120: only is.null / not.is.null on the embed itself', async (t) => {
  const body = await expectError(t, '/em_projects?select=name,em_tasks(title)&em_tasks=eq.1', 400, 'PGRST120');
  t.same(body, {
    code: 'PGRST120',
    message: "Bad operator on the 'em_tasks' embedded resource",
    details: 'Only is null or not is null filters are allowed on embedded resources',
    hint: null,
  });
  await expectError(t, '/em_projects?select=name,em_tasks(title)&or=(em_tasks.is.true,id.eq.1)', 400, 'PGRST120');
});

t.test('PGRST118: ordering by a to-many embed', async (t) => {
  const body = await expectError(t, '/em_projects?select=name,em_tasks(title)&order=em_tasks(title)', 400, 'PGRST118');
  t.equal(body.message, "A related order on 'em_tasks' is not possible");
  t.equal(body.details, "'em_projects' and 'em_tasks' do not form a many-to-one or one-to-one relationship");
});

t.test('an embed column that does not exist is a 400, and nothing is changed by any of these', async (t) => {
  await expectError(t, '/em_projects?select=name,em_tasks(nope)', 400, '42703');
  await expectError(t, '/em_projects?select=name,em_tasks(title)&em_tasks.nope=eq.1', 400, '42703');
  const rows = await app.sql('select (select count(*) from test.em_tasks)::int as tasks, (select count(*) from test.em_projects)::int as projects');
  t.same(rows, [{ tasks: 5, projects: 4 }]);
});

t.test('planned and estimated counts filter like exact ones: rel=is.null and !inner', async (t) => {
  const capped = await startTestApp({ 'db-max-rows': '10' });
  t.teardown(() => capped.close());
  await capped.sql('analyze test.em_projects; analyze test.em_tasks');
  for (const query of ['select=id,em_tasks()&em_tasks=is.null', 'select=id,em_tasks!inner(id)']) {
    const exact = await capped.request('GET', `/em_projects?${query}`, { headers: { prefer: 'count=exact' } });
    const total = exact.headers['content-range']!.split('/')[1];
    for (const prefer of ['count=planned', 'count=estimated']) {
      const res = await capped.request('GET', `/em_projects?${query}`, { headers: { prefer } });
      t.equal(res.status, exact.status, `${prefer} ${query}: ${res.body.slice(0, 120)}`);
      t.match(res.headers['content-range'], /^(\*|\d+-\d+)\/\d+$/, `${prefer} ${query} reports a total`);
      if (prefer === 'count=estimated') t.equal(res.headers['content-range']!.split('/')[1], total, 'below db-max-rows, estimated is exact');
    }
  }
});
