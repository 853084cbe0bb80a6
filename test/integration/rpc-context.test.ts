// RPC with the request's context: JWT claims and RLS, response GUCs, custom errors, --db-pre-request.
import t from 'tap';
import { jwksOf, makeKey, NOW_SECONDS, sign } from '../auth/fixtures.ts';
import { startTestApp } from '../helpers/test-app.ts';

const key = await makeKey('ES256');
const authOptions = { keySets: [jwksOf(key)], now: () => NOW_SECONDS * 1000 };
const app = await startTestApp({}, authOptions);
const pre = await startTestApp({ 'db-pre-request': 'test.check_request' }, authOptions);
t.teardown(async () => {
  await app.close();
  await pre.close();
});
const bearer = async (claims: Record<string, unknown>) => ({ authorization: `Bearer ${await sign(key, claims)}` });

t.test('functions see auth.user_id() and request.jwt.claims of a verified token', async (t) => {
  const headers = await bearer({ sub: 'user-2', email: 'u2@example.com' });
  const res = await app.request('GET', '/rpc/whoami', { headers });
  t.equal(res.status, 200, res.body);
  const body = res.json();
  t.equal(body.user_id, 'user-2');
  t.equal(body.claims.email, 'u2@example.com');
  t.equal(body.claims.role, 'authenticated');
  t.equal(body.role, 'authenticated');
  const anonymous = (await app.request('POST', '/rpc/whoami')).json();
  t.equal(anonymous.user_id, null);
  t.equal(anonymous.role, 'anonymous');
});

t.test('functions run under RLS for the caller', async (t) => {
  const mine = await app.request('GET', '/rpc/my_notes?select=id,body&order=id', { headers: await bearer({ sub: 'user-1' }) });
  t.same(mine.json(), [
    { id: 1, body: 'mine' },
    { id: 3, body: 'also mine' },
  ]);
  const theirs = await app.request('POST', '/rpc/my_notes?select=id', { headers: await bearer({ sub: 'user-2' }) });
  t.same(theirs.json(), [{ id: 2 }]);
  t.same((await app.request('GET', '/rpc/my_notes')).json(), [], 'anonymous sees no rows');
});

t.test('response.headers and response.status set by a function', async (t) => {
  const res = await app.request('GET', '/rpc/with_headers');
  t.equal(res.status, 200);
  t.equal(res.body, '"ok"');
  t.equal(res.headers['x-custom'], 'one');
  t.equal(res.headers['set-cookie'], 'a=1, b=2', 'repeatable headers are all sent');
  const before = (await app.sql('select n from test.counter'))[0]!.n as number;
  const created = await app.request('POST', '/rpc/created');
  t.equal(created.status, 201);
  t.equal(created.body, '');
  t.equal((await app.sql('select n from test.counter'))[0]!.n, before + 100);
  const badStatus = await app.request('POST', '/rpc/bad_status');
  t.equal(badStatus.status, 500);
  t.same(badStatus.json(), { code: 'PGRST112', message: 'response.status guc must be a valid status code', details: null, hint: null });
  t.equal((await app.sql('select n from test.counter'))[0]!.n, before + 100, 'the call was rolled back');
  const badHeaders = await app.request('GET', '/rpc/bad_headers');
  t.equal(badHeaders.status, 500);
  t.equal(badHeaders.json().code, 'PGRST111');
});

t.test('RAISE with PTxxx, default P0001, and fully custom PGRST errors', async (t) => {
  const pay = await app.request('POST', '/rpc/pay');
  t.equal(pay.status, 402);
  t.same(pay.json(), { code: 'PT402', message: 'Payment required', details: 'Quota exceeded', hint: 'Upgrade your plan' });
  const fail = await app.request('POST', '/rpc/fail', { body: { reason: 'nope' } });
  t.equal(fail.status, 400);
  t.same(fail.json(), { code: 'P0001', message: 'failed: nope', details: 'some detail', hint: 'some hint' });
  const teapot = await app.request('POST', '/rpc/teapot');
  t.equal(teapot.status, 418);
  t.equal(teapot.headers['x-brew'], 'earl grey');
  t.same(teapot.json(), { code: 'T418', message: 'I am a teapot', details: 'short and stout', hint: 'tip me over' });
  for (const which of ['message', 'detail', 'missing']) {
    const bad = await app.request('POST', '/rpc/bad_raise', { body: { which } });
    t.equal(bad.status, 500, which);
    t.equal(bad.json().code, 'PGRST121');
    t.equal(bad.json().message, 'Could not parse JSON in the "RAISE SQLSTATE \'PGRST\'" error');
  }
  const badMessage = (await app.request('POST', '/rpc/bad_raise', { body: { which: 'message' } })).json();
  t.equal(badMessage.details, "Invalid JSON value for MESSAGE: 'not json'");
  const missing = (await app.request('POST', '/rpc/bad_raise', { body: { which: 'missing' } })).json();
  t.equal(missing.details, 'DETAIL is missing in the RAISE statement');
});

t.test('--db-pre-request runs before every kind of request and can reject it', async (t) => {
  const rpc = await pre.request('GET', '/rpc/add?a=1&b=2', { headers: await bearer({ sub: 'user-1' }) });
  t.equal(rpc.status, 200, rpc.body);
  t.equal(rpc.headers['x-pre-request'], 'ran');
  const read = await pre.request('GET', '/items?select=id&limit=1');
  t.equal(read.status, 200);
  t.equal(read.headers['x-pre-request'], 'ran');
  const before = (await pre.sql('select n from test.counter'))[0]!.n;
  const revoked = await pre.request('POST', '/rpc/bump', { headers: await bearer({ sub: 'user-1', jti: 'revoked' }), body: { amount: 1 } });
  t.equal(revoked.status, 401);
  t.same(revoked.json(), { code: 'REVOKED', message: 'Token has been revoked', details: null, hint: null });
  t.equal(revoked.headers['www-authenticate'], 'Bearer error="invalid_token"');
  t.equal((await pre.sql('select n from test.counter'))[0]!.n, before, 'the main statement never ran');
  const readRevoked = await pre.request('GET', '/items', { headers: await bearer({ jti: 'revoked' }) });
  t.equal(readRevoked.status, 401);
  t.same(readRevoked.json(), { code: 'REVOKED', message: 'Token has been revoked', details: null, hint: null }, 'reads run the pre-request function too');
});

t.test('--db-pre-request names are validated and quoted', async (t) => {
  const { buildConfig, ConfigError } = await import('../../src/config/config.ts');
  t.throws(() => buildConfig({ 'db-pre-request': 'a.b.c' }), ConfigError);
  t.throws(() => buildConfig({ 'db-pre-request': 'a.' }), ConfigError);
  const { buildPreRequestStatement } = await import('../../src/query/pre-request.ts');
  t.equal(buildPreRequestStatement('check', 'api').text, 'SELECT "api"."check"()');
  t.equal(buildPreRequestStatement('s"x.f()--', 'api').text, 'SELECT "s""x"."f()--"()');
  const missing = await startTestApp({ 'db-pre-request': 'test.no_such_function' });
  t.teardown(() => missing.close());
  const res = await missing.request('GET', '/items');
  t.equal(res.status, 404);
  t.equal(res.json().code, '42883');
});
