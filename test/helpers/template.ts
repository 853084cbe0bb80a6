// Builds the template database every test file clones: sql/ install scripts + test/fixtures/*.sql.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { openDatabase } from '../../src/db/database.ts';
import { installSql } from '../../src/setup/install-sql.ts';

export const TEMPLATE_DB = 'pgdataapi_template';
/**
 * The login role tests connect as (the API's `authenticator`). Its own role, so a run against
 * TEST_DATABASE_URL never changes the password of a role that exists there (e.g. a real `authenticator`).
 */
export const TEST_LOGIN_ROLE = 'pgdataapi_test_authenticator';
export const AUTHENTICATOR_PASSWORD = 'test-authenticator-password';
/** Marks the role as ours: a role of that name without it is someone else's and is left alone. */
const TEST_ROLE_COMMENT = 'pg-data-api test suite login role (safe to drop)';
const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures');

/** Returns the environment the test processes need. */
export async function prepareTemplate(superUri: string): Promise<Record<string, string>> {
  const admin = openDatabase(superUri, { pool: 1 });
  try {
    await admin.runScript(`drop database if exists ${TEMPLATE_DB}`);
    await admin.runScript(`create database ${TEMPLATE_DB}`);
  } finally {
    await admin.close();
  }
  const template = openDatabase(withDatabase(superUri, TEMPLATE_DB), { pool: 1 });
  try {
    await installSql(template.runScript);
    await ensureTestLoginRole(template);
    for (const name of (await readdir(FIXTURES)).filter((n) => n.endsWith('.sql')).sort()) {
      await template.runScript(await readFile(path.join(FIXTURES, name), 'utf8'));
    }
    // Fixtures grant roles to `authenticator` as a deployment would; the test login role gets the same.
    await template.runScript(`do $$ declare r record; begin
      for r in select g.rolname from pg_auth_members m join pg_roles a on a.oid = m.member join pg_roles g on g.oid = m.roleid
        where a.rolname = 'authenticator' loop
        execute format('grant %I to ${TEST_LOGIN_ROLE}', r.rolname);
      end loop; end $$`);
  } finally {
    await template.close();
  }
  return { TEST_DATABASE_URL: superUri, TEST_TEMPLATE_DB: TEMPLATE_DB };
}

/** Creates the test login role once (password set only then); refuses a same-named role that is not ours. */
async function ensureTestLoginRole(db: ReturnType<typeof openDatabase>): Promise<void> {
  const [row] = await db.query(`select shobj_description(oid, 'pg_authid') as comment from pg_roles where rolname = $1`, [TEST_LOGIN_ROLE]);
  if (row === undefined) {
    await db.runScript(`create role ${TEST_LOGIN_ROLE} login noinherit password '${AUTHENTICATOR_PASSWORD}';
      comment on role ${TEST_LOGIN_ROLE} is '${TEST_ROLE_COMMENT}'`);
  } else if (row.comment !== TEST_ROLE_COMMENT) {
    throw new Error(`role ${TEST_LOGIN_ROLE} exists on the test server but was not created by this test suite; drop or rename it`);
  }
  await db.runScript(`grant anonymous, authenticated to ${TEST_LOGIN_ROLE}`);
}

export function withDatabase(uri: string, database: string, user?: { name: string; password: string }): string {
  const url = new URL(uri);
  url.pathname = '/' + database;
  if (user) {
    url.username = encodeURIComponent(user.name);
    url.password = encodeURIComponent(user.password);
  }
  return url.toString();
}
