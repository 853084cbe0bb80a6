// TEST_DATABASE_URL runs: preparing the template twice on the same server works, and an existing
// `authenticator` (a real deployment's login role) keeps its password.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { openDatabase } from '../../src/db/database.ts';
import { startEmbeddedPostgres } from '../../src/embedded/embedded-postgres.ts';
import { AUTHENTICATOR_PASSWORD, prepareTemplate, TEST_LOGIN_ROLE, withDatabase } from '../helpers/template.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-data-api-tdu-'));
const cluster = await startEmbeddedPostgres({ baseDir: dir, persistent: false });
t.teardown(async () => {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
});
const admin = openDatabase(cluster.uri, { pool: 1, executor: 'postgres' });
t.teardown(() => admin.close());
const passwordOf = async (role: string) => (await admin.query('select rolpassword from pg_authid where rolname = $1', [role]))[0]?.rolpassword;

t.test('two runs in a row; the existing authenticator password is never changed', async (t) => {
  await admin.runScript("create role authenticator login noinherit password 'the-production-password'");
  const before = await passwordOf('authenticator');
  await prepareTemplate(cluster.uri);
  await prepareTemplate(cluster.uri);
  t.equal(await passwordOf('authenticator'), before, 'authenticator keeps its password');
  const login = openDatabase(withDatabase(cluster.uri, 'pgdataapi_template', { name: TEST_LOGIN_ROLE, password: AUTHENTICATOR_PASSWORD }), {
    pool: 1,
    executor: 'postgres',
  });
  t.teardown(() => login.close());
  const [row] = await login.query("select current_user::text as who, pg_has_role(current_user, 'anonymous', 'MEMBER') as anon");
  t.same(row, { who: TEST_LOGIN_ROLE, anon: true }, 'the suite logs in as its own role, which can switch to anonymous');
});

t.test('a role with the suite login role name that the suite did not create stops the run', async (t) => {
  await admin.runScript(`comment on role ${TEST_LOGIN_ROLE} is 'somebody else'`);
  await t.rejects(prepareTemplate(cluster.uri), /was not created by this test suite/);
});
