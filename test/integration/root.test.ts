// GET / answers with an OpenAPI 2.0 description of the exposed schema, built from the cache.
import t from 'tap';
import { expectError } from '../helpers/expect-error.ts';
import { startTestApp } from '../helpers/test-app.ts';

const app = await startTestApp();
t.teardown(() => app.close());

t.test('the OpenAPI document lists relations, columns, keys and functions', async (t) => {
  const res = await app.request('GET', '/');
  t.equal(res.status, 200);
  t.match(res.headers['content-type'], /^application\/openapi\+json/);
  const doc = res.json();
  t.equal(doc.swagger, '2.0');
  t.ok(doc.paths['/items'].get, 'GET /items');
  t.ok(doc.paths['/items'].post, 'tables accept POST');
  t.notOk(doc.paths['/item_counts'].post, 'a materialized view does not');
  t.same(doc.definitions.items.required, ['id', 'name']);
  t.same(doc.definitions.items.properties.id.type, 'integer');
  t.match(doc.definitions.items.properties.id.description, /Primary Key/);
  t.equal(doc.definitions.items.properties.tags.type, 'array');
  t.ok(
    Object.keys(doc.paths).some((p) => p.startsWith('/rpc/')),
    'functions are listed',
  );
});

t.test('HEAD / has no body; other methods are refused', async (t) => {
  const head = await app.request('HEAD', '/');
  t.equal(head.status, 200);
  t.equal(head.body, '');
  const post = await app.request('POST', '/', { body: {} });
  await expectError(t, post, { code: 'PGRST117', status: 405, message: 'Unsupported HTTP method: POST' });
});

t.test('openapi-mode=disabled, openapi-server-proxy-uri, openapi-security-active', async (t) => {
  const plain = (await app.request('GET', '/')).json();
  t.same([plain.host, plain.basePath, plain.schemes, plain.securityDefinitions], [undefined, '/', ['http'], undefined]);
  const disabled = await startTestApp({ 'openapi-mode': 'disabled' });
  t.teardown(() => disabled.close());
  const off = await disabled.request('GET', '/');
  t.equal(off.status, 404);
  t.same(off.json(), { code: 'PGRST126', message: 'Root endpoint metadata is disabled', details: null, hint: null });
  t.equal((await disabled.request('GET', '/items?select=id&limit=1')).status, 200, 'only the root is off');
  const proxied = await startTestApp({ 'openapi-server-proxy-uri': 'https://api.example.com/v1', 'openapi-security-active': 'true' });
  t.teardown(() => proxied.close());
  const doc = (await proxied.request('GET', '/')).json();
  t.same([doc.host, doc.basePath, doc.schemes], ['api.example.com:443', '/v1', ['https']]);
  t.same(doc.security, [{ JWT: [] }]);
  t.equal(doc.securityDefinitions.JWT.name, 'Authorization');
});
