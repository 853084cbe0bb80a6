// CORS like PostgREST over a real socket: preflights on every path, grants on actual responses, the origin list, OPTIONS Allow.
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';
import { startTestServer } from '../helpers/test-server.ts';
import { createTokenMinter } from '../helpers/tokens.ts';

const ORIGIN = 'http://localhost:5173';
const minter = await createTokenMinter();
const app = await startTestApp({}, { keySets: minter.keySets });
const { url, close } = await startTestServer(app);
const listed = await startTestApp({ 'server-cors-allowed-origins': 'https://app.example.com, http://localhost:5173' });
const listedServer = await startTestServer(listed);
t.teardown(async () => {
  await close();
  await listedServer.close();
  await app.close();
  await listed.close();
});

const preflight = (base: string, path: string, origin = ORIGIN, requestHeaders = 'authorization, content-type, prefer, x-custom-thing') =>
  fetch(`${base}${path}`, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': requestHeaders },
  });

t.test('preflights on tables, views, /rpc/*, / and the /rest/v1 prefix grant the origin, methods, requested headers and a day', async (t) => {
  for (const path of ['/items', '/open_tasks', '/rpc/add', '/rpc/nothing', '/', '/rest/v1/items', '/no_such_table']) {
    const res = await preflight(url, path);
    t.equal(res.status, 200, path);
    t.equal(res.headers.get('access-control-allow-origin'), '*', `${path}: any origin when the setting is unset`);
    const methods = res.headers.get('access-control-allow-methods') ?? '';
    for (const method of ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS']) t.match(methods, method, `${path} allows ${method}`);
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/,\s*/);
    for (const header of [
      'authorization',
      'content-type',
      'prefer',
      'range',
      'accept-profile',
      'content-profile',
      'apikey',
      'x-client-info',
      'read-your-writes',
      'x-custom-thing',
    ]) {
      t.ok(allowed.includes(header), `${path} allows ${header}`);
    }
    t.equal(res.headers.get('access-control-max-age'), '86400');
    t.equal(await res.text(), '');
  }
});

t.test('a preflight needs no token and is answered before authentication (a bad token does not matter)', async (t) => {
  const res = await fetch(`${url}/todos`, {
    method: 'OPTIONS',
    headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET', Authorization: 'Bearer not-a-token' },
  });
  t.equal(res.status, 200);
  t.equal(res.headers.get('access-control-allow-origin'), '*');
});

t.test('actual responses carry Allow-Origin and expose Content-Range, Location, Preference-Applied …', async (t) => {
  const res = await fetch(`${url}/todos?select=task`, { headers: { Origin: ORIGIN, ...(await minter.bearer('alice')), Prefer: 'count=exact' } });
  t.equal(res.status, 200);
  t.equal(res.headers.get('access-control-allow-origin'), '*');
  const exposed = (res.headers.get('access-control-expose-headers') ?? '').split(/,\s*/);
  for (const header of ['Content-Range', 'Content-Location', 'Location', 'Preference-Applied', 'Range-Unit', 'Content-Profile'])
    t.ok(exposed.includes(header), header);
  t.equal(res.headers.get('content-range'), '0-1/2');
  const error = await fetch(`${url}/nosuch`, { headers: { Origin: ORIGIN } });
  t.equal(error.status, 404);
  t.equal(error.headers.get('access-control-allow-origin'), '*', 'errors are readable cross-origin too');
  const plain = await fetch(`${url}/items?select=id&limit=1`);
  t.equal(plain.headers.get('access-control-allow-origin'), null, 'no Origin, no CORS headers');
});

t.test('with server-cors-allowed-origins only listed origins are granted (echoed, Vary: Origin)', async (t) => {
  const ok = await preflight(listedServer.url, '/items', 'https://app.example.com');
  t.equal(ok.headers.get('access-control-allow-origin'), 'https://app.example.com');
  t.match(ok.headers.get('vary') ?? '', /Origin/);
  const refused = await preflight(listedServer.url, '/items', 'https://evil.example.net');
  t.equal(refused.headers.get('access-control-allow-origin'), null);
  t.equal(refused.headers.get('access-control-allow-methods'), null);
  const actual = await fetch(`${listedServer.url}/items?select=id&limit=1`, { headers: { Origin: 'http://localhost:5173' } });
  t.equal(actual.headers.get('access-control-allow-origin'), 'http://localhost:5173');
  const foreign = await fetch(`${listedServer.url}/items?select=id&limit=1`, { headers: { Origin: 'https://evil.example.net' } });
  t.equal(foreign.status, 200, 'the request itself is served (the browser withholds it)');
  t.equal(foreign.headers.get('access-control-allow-origin'), null);
});

t.test('OPTIONS without a preflight answers Allow like PostgREST: functions by volatility, the root read-only', async (t) => {
  const allow = async (path: string) => {
    const res = await fetch(`${url}${path}`, { method: 'OPTIONS' });
    t.equal(res.status, 200, path);
    return res.headers.get('allow');
  };
  t.equal(await allow('/rpc/nothing'), 'OPTIONS,POST', 'volatile');
  t.equal(await allow('/rpc/greet'), 'OPTIONS,GET,HEAD,POST', 'stable');
  t.equal(await allow('/rpc/add'), 'OPTIONS,GET,HEAD,POST', 'immutable');
  t.equal(await allow('/'), 'OPTIONS,GET,HEAD');
  t.equal(await allow('/rest/v1/rpc/nothing'), 'OPTIONS,POST', 'under the prefix too');
  t.equal(await allow('/tasks'), 'OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE');
  const missing = await fetch(`${url}/rpc/no_such_fn`, { method: 'OPTIONS' });
  t.equal(missing.status, 404);
  t.equal((await missing.json()).code, 'PGRST202');
});

t.test('the setting rejects values that are not origins', async (t) => {
  const { buildConfig } = await import('../../src/config/config.ts');
  t.throws(() => buildConfig({ 'server-cors-allowed-origins': 'app.example.com/path' }), /expected origins/);
  t.same(buildConfig({}).serverCorsAllowedOrigins, null);
});
