// parseApiRequest: targets, actions, method errors, defaults and the assembled request.
import t from 'tap';
import { errorOf, parse, raw, SCHEMAS } from './request-helpers.ts';
import { parseApiRequest } from '../../src/request/api-request.ts';

t.test('path → target', async (t) => {
  const cases: Array<[string, unknown]> = [
    ['/', { kind: 'root' }],
    ['', { kind: 'root' }],
    ['/items', { kind: 'relation', name: 'items' }],
    ['/items/', { kind: 'relation', name: 'items' }],
    ['/my%20table', { kind: 'relation', name: 'my table' }],
    ['/a%2Fb', { kind: 'relation', name: 'a/b' }],
    ['/a+b', { kind: 'relation', name: 'a+b' }],
    ['/rpc/add_them', { kind: 'routine', name: 'add_them' }],
    ['/rpc', { kind: 'relation', name: 'rpc' }],
    ['/rpc/', { kind: 'relation', name: 'rpc' }],
  ];
  for (const [path, target] of cases) t.same(parse('', { path }).target, target, path);
  for (const path of ['/a/b', '/rpc/f/g', '/a//b']) t.equal(errorOf(() => parse('', { path }))?.code, 'PGRST125', path);
  t.equal(errorOf(() => parse('', { path: '/a/b' }))?.status, 404);
});

t.test('method → action', async (t) => {
  const cases: Array<[string, string, unknown]> = [
    ['GET', '/items', { kind: 'read', headOnly: false }],
    ['HEAD', '/items', { kind: 'read', headOnly: true }],
    ['POST', '/items', { kind: 'create' }],
    ['PATCH', '/items', { kind: 'update' }],
    ['PUT', '/items', { kind: 'upsert' }],
    ['DELETE', '/items', { kind: 'delete' }],
    ['OPTIONS', '/items', { kind: 'info' }],
    ['GET', '/rpc/f', { kind: 'call', method: 'GET' }],
    ['HEAD', '/rpc/f', { kind: 'call', method: 'HEAD' }],
    ['POST', '/rpc/f', { kind: 'call', method: 'POST' }],
    ['OPTIONS', '/rpc/f', { kind: 'info' }],
    ['GET', '/', { kind: 'root', headOnly: false }],
    ['HEAD', '/', { kind: 'root', headOnly: true }],
  ];
  for (const [method, path, action] of cases) {
    const body = method === 'POST' || method === 'PATCH' || method === 'PUT' ? Buffer.from('{}') : Buffer.alloc(0);
    t.same(parse('', { method, path, body }).action, action, `${method} ${path}`);
  }
  const rpcPatch = errorOf(() => parse('', { method: 'PATCH', path: '/rpc/f' }));
  t.equal(rpcPatch?.code, 'PGRST101');
  t.equal(rpcPatch?.status, 405);
  t.equal(rpcPatch?.message, 'Cannot use the PATCH method on RPC');
  t.equal(errorOf(() => parse('', { method: 'DELETE', path: '/rpc/f' }))?.code, 'PGRST101');
  t.equal(errorOf(() => parse('', { method: 'PUT', path: '/rpc/f' }))?.code, 'PGRST101');
  const trace = errorOf(() => parse('', { method: 'TRACE' }));
  t.equal(trace?.code, 'PGRST117');
  t.equal(trace?.message, 'Unsupported HTTP method: TRACE');
  t.equal(errorOf(() => parse('', { method: 'POST', path: '/' }))?.code, 'PGRST117');
});

t.test('defaults', async (t) => {
  const req = parse('');
  t.same(req.select, [{ kind: 'star' }]);
  t.same(req.filters, []);
  t.same(req.ranges, []);
  t.equal(req.schema, 'public');
  t.equal(req.schemaFromProfile, true, 'several schemas exposed: the default counts as negotiated (PostgREST)');
  t.same(req.accept, { type: 'application/json', stripNulls: false });
  t.equal(req.payload, null);
  t.equal(req.columns, null);
  t.equal(req.rangeHeaderPresent, false);
  t.same(parse('select=').select, [{ kind: 'star' }], 'an empty root select gives all columns (PostgREST)');
});

t.test('PUT rejects limit/offset (PGRST114)', async (t) => {
  const put = { method: 'PUT', body: Buffer.from('{"id":1}') };
  t.equal(errorOf(() => parse('id=eq.1&limit=1', put))?.code, 'PGRST114');
  t.equal(errorOf(() => parse('id=eq.1&offset=1', put))?.code, 'PGRST114');
  t.equal(
    errorOf(() => parse('id=eq.1', put)),
    null,
  );
});

t.test('headers, cookies and request.path', async (t) => {
  const req = parseApiRequest(raw({ path: '/my%20items', headers: { cookie: 'a=1; b="two"', 'x-custom': 'v' } }), { schemas: SCHEMAS });
  t.equal(req.path, '/my items');
  t.same(req.cookies, { a: '1', b: 'two' });
  t.same(req.headers, { 'x-custom': 'v' }, 'cookie is not repeated in request.headers');
});

t.test('body is parsed only for writes and POST /rpc', async (t) => {
  t.equal(parse('', { method: 'DELETE', body: Buffer.from('garbage') }).payload, null);
  t.equal(parse('', { method: 'GET', body: Buffer.from('garbage') }).payload, null);
  t.same(parse('', { method: 'POST', path: '/rpc/f' }).payload?.json, '{}', 'empty rpc body is {}');
  t.equal(errorOf(() => parse('', { method: 'POST' }))?.code, 'PGRST102', 'empty insert body');
});
