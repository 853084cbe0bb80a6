// Reads through @supabase/postgrest-js against the real HTTP server: the client works unchanged.
import { PostgrestClient } from '@supabase/postgrest-js';
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
const client = new PostgrestClient(server.url);

t.test('select, filter, order, limit', async (t) => {
  const { data, error, status } = await client.from('items').select('name,qty').gt('qty', 3).order('name', { ascending: false }).limit(2);
  t.equal(error, null);
  t.equal(status, 200);
  t.same(data, [
    { name: 'eggplant', qty: 7 },
    { name: 'banana', qty: 50 },
  ]);
});

t.test('in, or, not, contains, overlaps, match, filter', async (t) => {
  const ids = async (q: PromiseLike<{ data: Array<{ id: number }> | null; error: unknown }>) => {
    const { data, error } = await q;
    if (error) throw new Error(JSON.stringify(error));
    return data!.map((r) => r.id);
  };
  const items = () => client.from('items').select('id').order('id');
  t.same(await ids(items().in('name', ['apple', 'carrot', 'a,b "c"'])), [1, 3]);
  t.same(await ids(items().or('id.eq.1,qty.eq.0')), [1, 3]);
  t.same(await ids(items().not('description', 'is', null)), [1, 2, 4, 5]);
  t.same(await ids(items().contains('tags', ['fruit', 'red'])), [1]);
  t.same(await ids(items().containedBy('tags', ['vegetable', 'fruit', 'red'])), [1, 3, 5]);
  t.same(await ids(items().overlaps('tags', ['exotic', 'yellow'])), [2, 4]);
  t.same(await ids(items().contains('data', { color: 'red' })), [1]);
  t.same(await ids(items().match({ active: true, qty: 7 })), [5]);
  t.same(await ids(items().filter('name', 'ilike', '%AN%')), [2, 5]);
  t.same(await ids(items().ilike('name', '%e%')), [1, 5]);
  const docs = () => client.from('docs').select('id').order('id');
  t.same(await ids(docs().textSearch('tsv', "'fox' & 'brown'")), [1]);
  t.same(await ids(docs().textSearch('tsv', 'lazy dog', { type: 'plain', config: 'english' })), [1]);
  t.same(await ids(docs().textSearch('tsv', 'lazy dog', { type: 'phrase', config: 'english' })), [1]);
  t.same(await ids(docs().textSearch('tsv', 'cats -dog', { type: 'websearch', config: 'english' })), [2]);
  t.same(await ids(client.from('docs').select('id').order('score', { ascending: false, nullsFirst: true }).range(0, 1)), [2, 4]);
});

t.test('range with exact count, head, single and maybeSingle, csv', async (t) => {
  const page = await client.from('items').select('id', { count: 'exact' }).order('id').range(1, 2);
  t.equal(page.count, 5);
  t.equal(page.status, 206);
  t.same(page.data, [{ id: 2 }, { id: 3 }]);
  const head = await client.from('items').select('*', { count: 'exact', head: true });
  t.equal(head.count, 5);
  t.equal(head.data, null);
  const single = await client.from('items').select('name').eq('id', 2).single();
  t.same(single.data, { name: 'banana' });
  const tooMany = await client.from('items').select('name').single();
  t.equal(tooMany.status, 406);
  t.equal(tooMany.error?.code, 'PGRST116');
  const none = await client.from('items').select('name').eq('id', 99).maybeSingle();
  t.equal(none.error, null);
  t.equal(none.data, null);
  const csv = await client.from('items').select('id,name').eq('id', 1).csv();
  t.equal(csv.data, 'id,name\n1,apple');
});

t.test('errors come back in PostgREST shape, and auth headers work', async (t) => {
  const missing = await client.from('nope').select();
  t.equal(missing.status, 404);
  t.equal(missing.error?.code, 'PGRST205');
  const authed = new PostgrestClient(server.url, { headers: await minter.bearer('alice') });
  const { data } = await authed.from('todos').select('task').order('id');
  t.same(data, [{ task: 'alice: buy milk' }, { task: 'alice: file taxes' }]);
});
