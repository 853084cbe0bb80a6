// application/geo+json: a FeatureCollection built by PostGIS's ST_AsGeoJSON when it is installed, 406 otherwise.
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';

t.test('without PostGIS, application/geo+json is not acceptable (never a mislabelled array)', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  const res = await app.request('GET', '/items', { headers: { accept: 'application/geo+json' } });
  t.equal(res.status, 406);
  t.same(res.json(), { code: 'PGRST107', message: 'None of these media types are available: application/geo+json', details: null, hint: null });
});

t.test('without PostGIS, a lower-q alternative to application/geo+json is chosen instead of 406', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  const res = await app.request('GET', '/items?select=id&id=eq.1', { headers: { accept: 'application/geo+json, application/json;q=0.5' } });
  t.equal(res.status, 200);
  t.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  t.same(res.json(), [{ id: 1 }]);
  const csv = await app.request('GET', '/items?select=id&id=eq.1', { headers: { accept: 'application/geo+json, text/csv;q=0.2' } });
  t.equal(csv.status, 200);
  t.equal(csv.body, 'id\n1');
});

t.test('with ST_AsGeoJSON installed, every kind of request answers a FeatureCollection', async (t) => {
  // The test cluster has no PostGIS: a stand-in with ST_AsGeoJSON's signature and output shape
  // (one Feature per row) lets the statement run for real; the planner finds it by name and schema.
  const app = await startTestApp({}, {}, async (db) => {
    await db.admin.runScript(`create schema gis;
      create function gis.st_asgeojson(r anyelement) returns text language sql immutable as
        $$ select json_build_object('type', 'Feature', 'geometry', null, 'properties', to_json(r))::text $$;
      grant usage on schema gis to public`);
  });
  t.teardown(() => app.close());
  const res = await app.request('GET', '/items?select=id,name&id=lt.3&order=id', { headers: { accept: 'application/geo+json' } });
  t.equal(res.status, 200, res.body);
  t.equal(res.headers['content-type'], 'application/geo+json; charset=utf-8');
  t.same(res.json(), {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', geometry: null, properties: { id: 1, name: 'apple' } },
      { type: 'Feature', geometry: null, properties: { id: 2, name: 'banana' } },
    ],
  });
  const empty = await app.request('GET', '/items?id=eq.0', { headers: { accept: 'application/geo+json' } });
  t.same(empty.json(), { type: 'FeatureCollection', features: [] });
  const write = await app.request('POST', '/tasks?select=title', {
    headers: { accept: 'application/geo+json', prefer: 'return=representation' },
    body: { title: 'geo' },
  });
  t.equal(write.status, 201, write.body);
  t.same(write.json().features[0].properties, { title: 'geo' });
});
