// Many-to-many through a junction seen only as a view of an exposed schema, and views as junctions.
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';

const app = await startTestApp({}, {}, async (db) => {
  await db.admin.runScript(`
    create schema private;
    create table test.films (id int primary key, title text);
    create table test.actors (id int primary key, name text);
    create table private.roles (film_id int references test.films(id), actor_id int references test.actors(id), character text, primary key (film_id, actor_id));
    create view test.roles as select film_id, actor_id, character from private.roles;
    insert into test.films values (1, 'Alien'), (2, 'Heat');
    insert into test.actors values (1, 'Weaver'), (2, 'Pacino'), (3, 'De Niro');
    insert into private.roles values (1, 1, 'Ripley'), (2, 2, 'Hanna'), (2, 3, 'McCauley');
    grant usage on schema private to public;
    grant select on test.films, test.actors, test.roles, private.roles to public;
    create table test.tags (id int primary key, name text);
    create table test.film_tags (film_id int references test.films(id), tag_id int references test.tags(id), primary key (film_id, tag_id));
    create view test.film_tags_view as select film_id, tag_id from test.film_tags;
    insert into test.tags values (1, 'scifi');
    insert into test.film_tags values (1, 1);
    grant select on test.tags, test.film_tags, test.film_tags_view to public`);
});
t.teardown(() => app.close());

t.test('a junction only visible through an exposed view joins films and actors', async (t) => {
  const res = await app.request('GET', '/films?select=title,actors(name)&order=id&actors.order=name');
  t.equal(res.status, 200, res.body);
  t.same(res.json(), [
    { title: 'Alien', actors: [{ name: 'Weaver' }] },
    { title: 'Heat', actors: [{ name: 'De Niro' }, { name: 'Pacino' }] },
  ]);
  const back = await app.request('GET', '/actors?select=name,films(title)&id=eq.1');
  t.same(back.json(), [{ name: 'Weaver', films: [{ title: 'Alien' }] }]);
});

t.test('a table and a view over it, both exposed junctions: PGRST201 lists both candidates', async (t) => {
  const res = await app.request('GET', '/films?select=title,tags(name)');
  t.equal(res.status, 300, res.body);
  const body = res.json();
  t.equal(body.code, 'PGRST201');
  const relationships = body.details.map((d: { relationship: string }) => d.relationship).sort();
  t.equal(relationships.length, 2);
  t.match(relationships[0], /^film_tags using /);
  t.match(relationships[1], /^film_tags_view using /);
  t.match(body.hint, /tags!film_tags/);
  const hinted = await app.request('GET', '/films?select=title,tags!film_tags_view(name)&id=eq.1');
  t.equal(hinted.status, 200, hinted.body);
  t.same(hinted.json(), [{ title: 'Alien', tags: [{ name: 'scifi' }] }]);
});
