// Query grammar as PostgREST: empty select, whitespace in logic trees, casts on JSON paths, arrows on arrays and composites.
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';

const app = await startTestApp();
t.teardown(() => app.close());
await app.sql(`
  create type test.coords as (lat numeric, lng numeric);
  create table test.places (
    id int primary key, name text, meta jsonb, langs text[], location test.coords, owner_id int references test.places(id)
  );
  insert into test.places values
    (1, 'north', '{"n": "10", "tags": ["a"]}', '{en,fr}', row(60.5, 10.1), null),
    (2, 'south', '{"n": "2"}', '{es}', row(-33.9, 18.4), 1),
    (3, 'east', '{"n": "30"}', '{}', null, 1);
  grant select on test.places to public`);
await app.schema.reload();

t.test('select= (empty) gives all columns, on tables and functions', async (t) => {
  const res = await app.request('GET', '/places?select=&id=eq.2');
  t.equal(res.status, 200, res.body);
  t.same(Object.keys(res.json()[0]), ['id', 'name', 'meta', 'langs', 'location', 'owner_id']);
  const call = await app.request('GET', '/rpc/get_items?select=&id=eq.1');
  t.equal(call.status, 200, call.body);
  t.ok('name' in call.json()[0]);
});

t.test('logic trees tolerate whitespace', async (t) => {
  const res = await app.request('GET', `/places?select=id&and=${encodeURIComponent('( and ( id.in.( 1, 2, 3 ) , id.eq.3 ) , or ( id.eq.2 , id.eq.3 ) )')}`);
  t.equal(res.status, 200, res.body);
  t.same(res.json(), [{ id: 3 }]);
  const negated = await app.request('GET', `/places?select=id&order=id&or=${encodeURIComponent('( not.and ( id.gt.1 , id.lt.3 ) )')}`);
  t.same(negated.json(), [{ id: 1 }, { id: 3 }]);
});

t.test('a cast on a JSON path applies to the extracted value', async (t) => {
  const res = await app.request('GET', '/places?select=id,n:meta->>n::int&order=id');
  t.equal(res.status, 200, res.body);
  t.same(res.json(), [
    { id: 1, n: 10 },
    { id: 2, n: 2 },
    { id: 3, n: 30 },
  ]);
  const unaliased = await app.request('GET', '/places?select=meta->>n::int&id=eq.3');
  t.same(unaliased.json(), [{ n: 30 }]);
  const embedded = await app.request('GET', '/places?select=id,children:places!owner_id(n:meta->>n::int)&id=eq.1&children.order=id');
  t.equal(embedded.status, 200, embedded.body);
  t.same(embedded.json(), [{ id: 1, children: [{ n: 2 }, { n: 30 }] }], 'also in embeds');
});

t.test('arrow paths on array and composite columns', async (t) => {
  const langs = await app.request('GET', '/places?select=id,first:langs->0,second:langs->>1&order=id');
  t.equal(langs.status, 200, langs.body);
  t.same(langs.json(), [
    { id: 1, first: 'en', second: 'fr' },
    { id: 2, first: 'es', second: null },
    { id: 3, first: null, second: null },
  ]);
  const location = await app.request('GET', '/places?select=id,lat:location->>lat,location->lng&order=id');
  t.equal(location.status, 200, location.body);
  t.same(location.json(), [
    { id: 1, lat: '60.5', lng: 10.1 },
    { id: 2, lat: '-33.9', lng: 18.4 },
    { id: 3, lat: null, lng: null },
  ]);
  const filtered = await app.request('GET', '/places?select=id&langs->>0=eq.es');
  t.same(filtered.json(), [{ id: 2 }], 'in filters');
  const ordered = await app.request('GET', '/places?select=id&location=not.is.null&order=location->lat.desc');
  t.same(ordered.json(), [{ id: 1 }, { id: 2 }], 'in order');
  const cast = await app.request('GET', '/places?select=id&location->>lat=gt.0');
  t.same(cast.json(), [{ id: 1 }]);
});

t.test('legacy count: select=count and rel(count), without db-aggregates-enabled', async (t) => {
  const all = await app.request('GET', '/places?select=count');
  t.equal(all.status, 200, all.body);
  t.same(all.json(), [{ count: 3 }]);
  const filtered = await app.request('GET', '/places?select=total:count&id=gt.1');
  t.same(filtered.json(), [{ total: 2 }], 'aliased, filtered');
  const related = await app.request('GET', '/places?select=id,places(count)&order=id');
  t.equal(related.status, 200, related.body);
  t.same(related.json(), [
    { id: 1, places: [{ count: 2 }] },
    { id: 2, places: [{ count: 0 }] },
    { id: 3, places: [{ count: 0 }] },
  ]);
  const withStar = await app.request('GET', '/projects?select=*,tasks(count)&id=eq.1');
  t.equal(withStar.status, 200, withStar.body);
  t.same(withStar.json()[0].tasks, [{ count: Number((await app.sql('select count(*) as n from test.tasks where project_id = 1'))[0]!.n) }]);
  const explicit = await app.request('GET', '/places?select=count()');
  t.equal(explicit.status, 400, 'count() is still an aggregate function');
  t.equal(explicit.json().code, 'PGRST123');
});
