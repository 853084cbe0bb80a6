// Embedded resources in a write's representation: the representation is a read, so embeds work as in GET.
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';

const app = await startTestApp();
t.teardown(() => app.close());

t.test('embeds in return=representation', async (t) => {
  const ins = await app.request('POST', '/tasks?select=title,project:projects(name)', {
    headers: { prefer: 'return=representation' },
    body: [
      { title: 'e1', project_id: 2 },
      { title: 'e2', project_id: null },
    ],
  });
  t.equal(ins.status, 201, ins.body);
  t.same(ins.json(), [
    { title: 'e1', project: { name: 'work' } },
    { title: 'e2', project: null },
  ]);
  const patch = await app.request('PATCH', '/projects?id=eq.1&select=name,tasks(title)&tasks.order=title.desc', {
    headers: { prefer: 'return=representation' },
    body: { name: 'home 2' },
  });
  t.equal(patch.status, 200, patch.body);
  t.same(patch.json(), [{ name: 'home 2', tasks: [{ title: 'write tests' }, { title: 'plan trip' }] }]);
  const merge = await app.request('POST', '/projects?select=id,tasks(title)&tasks.order=title', {
    headers: { prefer: 'resolution=merge-duplicates, return=representation' },
    body: [{ id: 2, name: 'work 2' }],
  });
  t.equal(merge.status, 200, merge.body);
  t.same(merge.json(), [{ id: 2, tasks: [{ title: 'e1' }, { title: 'fix bug' }] }]);
  const del = await app.request('DELETE', '/tasks?title=eq.e1&select=title,projects(name)', { headers: { prefer: 'return=representation' } });
  t.equal(del.status, 200, del.body);
  t.same(del.json(), [{ title: 'e1', projects: { name: 'work 2' } }]);
});
