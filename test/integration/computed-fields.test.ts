// Computed fields: functions taking a table's row, used like columns in select, filters and order, on tables and in embeds.
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';

const app = await startTestApp();
t.teardown(() => app.close());
await app.sql(`
  create table test.people (id int primary key, first_name text, last_name text, team_id int references test.projects(id));
  insert into test.people values (1, 'Ada', 'Lovelace', 1), (2, 'Alan', 'Turing', 2), (3, 'Grace', 'Hopper', 1);
  create function test.full_name(test.people) returns text language sql stable as $$ select $1.first_name || ' ' || $1.last_name $$;
  create function test.name_len(p test.people) returns int language sql stable as $$ select length(p.first_name) $$;
  create function test.profile(test.people) returns jsonb language sql stable as $$ select jsonb_build_object('initial', left($1.first_name, 1)) $$;
  grant all on test.people to public;
  grant execute on all functions in schema test to public`);
await app.schema.reload();

t.test('in select, with alias, cast and JSON path; never part of *', async (t) => {
  const res = await app.request('GET', '/people?select=id,full_name,len:name_len::text,profile->>initial&order=id');
  t.equal(res.status, 200, res.body);
  t.same(res.json(), [
    { id: 1, full_name: 'Ada Lovelace', len: '3', initial: 'A' },
    { id: 2, full_name: 'Alan Turing', len: '4', initial: 'A' },
    { id: 3, full_name: 'Grace Hopper', len: '5', initial: 'G' },
  ]);
  const star = await app.request('GET', '/people?select=*,full_name&id=eq.1');
  t.same(star.json(), [{ id: 1, first_name: 'Ada', last_name: 'Lovelace', team_id: 1, full_name: 'Ada Lovelace' }]);
  t.notOk('full_name' in (await app.request('GET', '/people?id=eq.1')).json()[0]);
});

t.test('in filters, logic trees and order', async (t) => {
  const filtered = await app.request('GET', '/people?select=id&full_name=eq.Alan%20Turing');
  t.same(filtered.json(), [{ id: 2 }]);
  const logic = await app.request('GET', '/people?select=id&or=(name_len.gt.4,full_name.like.Ada*)&order=id');
  t.same(logic.json(), [{ id: 1 }, { id: 3 }]);
  const ordered = await app.request('GET', '/people?select=id&order=name_len.desc');
  t.same(ordered.json(), [{ id: 3 }, { id: 2 }, { id: 1 }]);
});

t.test('in embeds, and in a write representation', async (t) => {
  const embedded = await app.request('GET', '/projects?select=id,people(full_name)&id=eq.1&people.order=name_len&people.name_len=lt.5');
  t.equal(embedded.status, 200, embedded.body);
  t.same(embedded.json(), [{ id: 1, people: [{ full_name: 'Ada Lovelace' }] }]);
  const written = await app.request('POST', '/people?select=id,full_name', {
    headers: { prefer: 'return=representation' },
    body: { id: 4, first_name: 'Edsger', last_name: 'Dijkstra' },
  });
  t.equal(written.status, 201, written.body);
  t.same(written.json(), [{ id: 4, full_name: 'Edsger Dijkstra' }]);
});

t.test('an unknown name is still PGRST204/42703', async (t) => {
  const res = await app.request('GET', '/people?select=nickname');
  t.equal(res.status, 400);
  t.equal(res.json().code, '42703');
});
