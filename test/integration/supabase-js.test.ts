// @supabase/supabase-js unchanged (createClient(baseUrl, key), no custom fetch) against the real server: it calls <url>/rest/v1/….
// Keys are Supabase-style JWTs whose `role` claim picks the database role (--jwt-role-claim-key .role).
import { createClient } from '@supabase/supabase-js';
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';
import { startTestServer } from '../helpers/test-server.ts';
import { createTokenMinter } from '../helpers/tokens.ts';

const minter = await createTokenMinter();
const app = await startTestApp({ 'jwt-role-claim-key': '.role' }, { keySets: minter.keySets });
const server = await startTestServer(app);
t.teardown(async () => {
  await server.close();
  await app.close();
});
// The fixtures' roles stand in for Supabase's anon / authenticated (see docs/clients.md for the real recipe).
const anonKey = await minter.tokenFor('anon-key', { role: 'anonymous' });
const serviceKey = await minter.tokenFor('service-key', { role: 'authenticated' });
const aliceToken = await minter.tokenFor('alice', { role: 'authenticated' });
const options = { db: { schema: 'test' }, auth: { persistSession: false, autoRefreshToken: false } } as const;
const anon = createClient(server.url, anonKey, options);
const service = createClient(server.url, serviceKey, options);

t.test('select with embedding and filters', async (t) => {
  const { data, error, status } = await anon
    .from('em_projects')
    .select('name, owner:em_users!owner_id(name), em_tasks(title)')
    .eq('id', 1)
    .order('position', { referencedTable: 'em_tasks' });
  t.equal(status, 200, JSON.stringify(error));
  t.same(data, [{ name: 'apollo', owner: { name: 'ada' }, em_tasks: [{ title: 'design' }, { title: 'build' }, { title: 'ship' }] }]);
  const filtered = await anon.from('em_users').select('id').in('id', [1, 3]).order('id', { ascending: false });
  t.same(filtered.data, [{ id: 3 }, { id: 1 }]);
});

t.test('single(), count: exact, csv()', async (t) => {
  const one = await anon.from('em_users').select('name').eq('id', 2).single();
  t.same(one.data, { name: 'bob' });
  const none = await anon.from('em_users').select('name').eq('id', 99).single();
  t.equal(none.status, 406);
  t.equal(none.error?.code, 'PGRST116');
  const counted = await anon.from('em_users').select('id', { count: 'exact' }).lte('id', 2);
  t.equal(counted.count, 2);
  t.equal(counted.data?.length, 2);
  const headOnly = await anon.from('em_users').select('*', { count: 'exact', head: true });
  t.equal(headOnly.count, 3);
  const csv = await anon.from('em_users').select('id,name').order('id').csv();
  t.equal(csv.data, 'id,name\n1,ada\n2,bob\n3,cyd');
});

t.test('insert().select(), upsert, update, delete', async (t) => {
  const inserted = await service.from('projects').insert({ id: 70, name: 'supa' }).select();
  t.equal(inserted.status, 201, JSON.stringify(inserted.error));
  t.same(inserted.data, [{ id: 70, name: 'supa' }]);
  const upserted = await service.from('projects').upsert({ id: 70, name: 'supa upserted' }).select();
  t.same(upserted.data, [{ id: 70, name: 'supa upserted' }], JSON.stringify(upserted.error));
  const updated = await service.from('projects').update({ name: 'supa updated' }).eq('id', 70).select();
  t.same(updated.data, [{ id: 70, name: 'supa updated' }]);
  const deleted = await service.from('projects').delete().eq('id', 70).select();
  t.same(deleted.data, [{ id: 70, name: 'supa updated' }]);
  t.same(await app.sql('select * from test.projects where id = 70'), [], 'really gone');
});

t.test('rpc (POST, and GET for a stable function)', async (t) => {
  const sum = await anon.rpc('add', { a: 2, b: 3 });
  t.equal(sum.data, 5, JSON.stringify(sum.error));
  const greeting = await anon.rpc('greet', { name: 'supabase' }, { get: true });
  t.equal(greeting.data, 'hello supabase');
});

t.test('RLS: a user token through accessToken sees its rows; the anon key sees the public ones', async (t) => {
  const user = createClient(server.url, anonKey, { db: { schema: 'test' }, accessToken: async () => aliceToken });
  const mine = await user.from('todos').select('task').order('task');
  t.same(mine.data, [{ task: 'alice: buy milk' }, { task: 'alice: file taxes' }], JSON.stringify(mine.error));
  const asAnon = await anon.from('todos').select('task');
  t.same(asAnon.data, [{ task: 'public: team lunch' }]);
});

t.test('apikey alone: a JWT is the bearer token; a non-JWT key (sb_publishable_…) is anonymous', async (t) => {
  const withApikey = await fetch(`${server.url}/rest/v1/todos?select=task&order=task`, { headers: { apikey: aliceToken, 'Accept-Profile': 'test' } });
  t.same(await withApikey.json(), [{ task: 'alice: buy milk' }, { task: 'alice: file taxes' }]);
  const publishable = await fetch(`${server.url}/rest/v1/todos?select=task`, { headers: { apikey: 'sb_publishable_abc123' } });
  t.same(await publishable.json(), [{ task: 'public: team lunch' }]);
  const bothWin = await fetch(`${server.url}/todos?select=task`, { headers: { apikey: aliceToken, Authorization: `Bearer ${anonKey}` } });
  t.same(await bothWin.json(), [{ task: 'public: team lunch' }], 'Authorization wins over apikey');
  const badJwt = await fetch(`${server.url}/todos`, { headers: { apikey: 'aaa.bbb.ccc' } });
  t.equal(badJwt.status, 401, 'a JWT-shaped apikey is verified like any bearer token');
});

t.test('server-path-prefix: the API answers at / and /rest/v1; the prefix can change or be disabled', async (t) => {
  const root = await fetch(`${server.url}/rest/v1/`);
  t.equal(root.status, 200);
  const bare = await fetch(`${server.url}/rest/v1`);
  t.equal(bare.status, 200);
  const elsewhere = await fetch(`${server.url}/rest/v2/items`);
  t.equal(elsewhere.status, 404);
  const custom = await startTestApp({ 'server-path-prefix': '/api/' });
  const customServer = await startTestServer(custom);
  const off = await startTestApp({ 'server-path-prefix': '' });
  const offServer = await startTestServer(off);
  t.teardown(async () => {
    await customServer.close();
    await offServer.close();
    await custom.close();
    await off.close();
  });
  t.equal((await fetch(`${customServer.url}/api/items?select=id&id=eq.1`)).status, 200);
  t.equal((await fetch(`${customServer.url}/rest/v1/items`)).status, 404);
  t.equal((await fetch(`${offServer.url}/items?select=id&id=eq.1`)).status, 200);
  const disabled = await fetch(`${offServer.url}/rest/v1/items`);
  t.equal(disabled.status, 404);
  t.equal((await disabled.json()).code, 'PGRST125');
});
