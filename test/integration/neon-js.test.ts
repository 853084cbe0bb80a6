// @neondatabase/neon-js unchanged, the external-provider form: dataApi.url = <base>/rest/v1 and getToken, as Neon's docs show.
import { createClient } from '@neondatabase/neon-js';
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';
import { startTestServer } from '../helpers/test-server.ts';
import { createTokenMinter } from '../helpers/tokens.ts';

const minter = await createTokenMinter();
const app = await startTestApp({}, { keySets: minter.keySets });
const server = await startTestServer(app);
t.teardown(async () => {
  await server.close();
  await app.close();
});

let token: string | null = await minter.tokenFor('alice');
// Untyped database: the test reads fixture tables without generated types.
const neon = createClient({ dataApi: { url: `${server.url}/rest/v1`, getToken: async () => token, options: { db: { schema: 'test' } } } } as never) as any;

t.test('reads through RLS with the provider token; without one neon-js refuses before calling (AuthRequiredError)', async (t) => {
  const mine = await neon.from('todos').select('task').order('task');
  t.equal(mine.status, 200, JSON.stringify(mine.error));
  t.same(mine.data, [{ task: 'alice: buy milk' }, { task: 'alice: file taxes' }]);
  token = null;
  const anonymous = await neon.from('todos').select('task');
  t.equal(anonymous.data, null);
  t.match(String(anonymous.error?.message ?? anonymous.error), /auth|token/i, "the client's own error, not a server answer");
  token = await minter.tokenFor('alice');
});

t.test('writes, embedding, count and rpc', async (t) => {
  const inserted = await neon.from('todos').insert({ task: 'alice: try neon-js' }).select('owner, task');
  t.same(inserted.data, [{ owner: 'alice', task: 'alice: try neon-js' }], JSON.stringify(inserted.error));
  const updated = await neon.from('todos').update({ done: true }).eq('task', 'alice: try neon-js').select('done');
  t.same(updated.data, [{ done: true }]);
  const deleted = await neon.from('todos').delete().eq('task', 'alice: try neon-js').select('task');
  t.same(deleted.data, [{ task: 'alice: try neon-js' }]);
  const embedded = await neon.from('em_projects').select('name, em_tasks(title)', { count: 'exact' }).eq('id', 2);
  t.same(embedded.data, [{ name: 'borealis', em_tasks: [{ title: 'survey' }] }]);
  t.equal(embedded.count, 1);
  const sum = await neon.rpc('add', { a: 20, b: 22 });
  t.equal(sum.data, 42);
});
