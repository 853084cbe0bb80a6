// openapi-mode=follow-privileges lists only what the request's role may use; db-root-spec answers GET / with a function.
import t from 'tap';
import { buildConfig } from '../../src/config/config.ts';
import { startTestApp } from '../helpers/test-app.ts';
import type { TestDatabase } from '../helpers/test-db.ts';
import { createTokenMinter } from '../helpers/tokens.ts';

const minter = await createTokenMinter();
const setup = async (db: TestDatabase) => {
  await db.admin.runScript(`
    create table test.root_staff (id int primary key);
    revoke all on test.root_staff from anonymous;
    grant select on test.root_staff to authenticated;
    create table test.root_cols (a int, b int);
    revoke all on test.root_cols from anonymous, authenticated;
    grant select (a) on test.root_cols to anonymous;
    create function test.root_staff_only() returns int language sql stable as $$ select 1 $$;
    revoke execute on function test.root_staff_only() from public;
    grant execute on function test.root_staff_only() to authenticated;
    create function test.root_spec(greeting text default 'hello') returns json language sql stable as
      $$ select json_build_object('greeting', greeting, 'role', current_user) $$;`);
};
const auth = { keySets: minter.keySets };
const settings = { 'jwt-role-claim-key': '.role' };

t.test('follow-privileges (the default): the anonymous role sees only what it has privileges on', async (t) => {
  const app = await startTestApp(settings, auth, setup);
  t.teardown(() => app.close());
  const anon = await app.request('GET', '/');
  t.equal(anon.status, 200, anon.body);
  const doc = anon.json();
  t.ok(doc.paths['/items'], 'granted table');
  t.notOk(doc.paths['/root_staff'], 'no privilege: no path');
  t.notOk(doc.definitions.root_staff, 'no privilege: no definition');
  t.notOk(doc.paths['/secrets'], 'revoked fixture table');
  t.ok(doc.paths['/root_cols'], 'a column privilege is enough');
  t.notOk(doc.paths['/rpc/root_staff_only'], 'EXECUTE revoked from PUBLIC');
  t.ok(doc.paths['/rpc/root_spec'], 'EXECUTE granted to PUBLIC by default');

  const staff = await app.request('GET', '/', { headers: await minter.bearer('someone', { role: 'authenticated' }) });
  t.equal(staff.status, 200, staff.body);
  const staffDoc = staff.json();
  t.ok(staffDoc.paths['/root_staff'], 'the JWT role holds SELECT');
  t.ok(staffDoc.definitions.root_staff);
  t.ok(staffDoc.paths['/rpc/root_staff_only'], 'the JWT role holds EXECUTE');
  t.notOk(staffDoc.paths['/root_cols'], 'no column privilege for this role');
  t.notOk(staffDoc.paths['/secrets']);

  const head = await app.request('HEAD', '/');
  t.equal(head.status, 200);
  t.equal(head.body, '');
});

t.test('ignore-privileges lists the whole schema for every role', async (t) => {
  const app = await startTestApp({ ...settings, 'openapi-mode': 'ignore-privileges' }, auth, setup);
  t.teardown(() => app.close());
  const doc = (await app.request('GET', '/')).json();
  t.ok(doc.paths['/root_staff']);
  t.ok(doc.paths['/secrets']);
  t.ok(doc.paths['/rpc/root_staff_only']);
});

t.test('db-root-spec: GET / is the function called like GET /rpc/<name>, as the request role', async (t) => {
  const app = await startTestApp({ ...settings, 'db-root-spec': 'root_spec' }, auth, setup);
  t.teardown(() => app.close());
  const res = await app.request('GET', '/');
  t.equal(res.status, 200, res.body);
  t.match(res.headers['content-type'], /^application\/json/);
  t.same(res.json(), { greeting: 'hello', role: 'anonymous' });
  const withArg = await app.request('GET', '/?greeting=hi', { headers: await minter.bearer('someone', { role: 'authenticated' }) });
  t.same(withArg.json(), { greeting: 'hi', role: 'authenticated' }, 'query parameters are arguments; the JWT role runs it');
  const openapi = await app.request('GET', '/', { headers: { accept: 'application/openapi+json' } });
  t.equal(openapi.status, 200, openapi.body);
  t.same(openapi.json().greeting, 'hello');
  const head = await app.request('HEAD', '/');
  t.equal(head.status, 200);
  t.equal(head.body, '');

  const missing = await startTestApp({ 'db-root-spec': 'no_such_root' });
  t.teardown(() => missing.close());
  const notFound = await missing.request('GET', '/');
  t.equal(notFound.status, 404, notFound.body);
  t.equal(notFound.json().code, 'PGRST202');
});

t.test('db-root-spec is validated like db-pre-request', async (t) => {
  t.throws(() => buildConfig({ 'db-uri': 'postgres://localhost/x', 'db-root-spec': 'a.b.c' }), /db-root-spec.*expected a function name/);
  t.throws(() => buildConfig({ 'db-uri': 'postgres://localhost/x', 'db-root-spec': 'api.' }), /expected a function name/);
  t.equal(buildConfig({ 'db-uri': 'postgres://localhost/x', 'db-root-spec': 'api.root' }).dbRootSpec, 'api.root');
});
