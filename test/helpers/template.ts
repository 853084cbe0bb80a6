// Builds the template database every test file clones: sql/ install scripts + test/fixtures/*.sql.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { openDatabase } from '../../src/db/database.ts';
import { installSql } from '../../src/setup/install-sql.ts';

export const TEMPLATE_DB = 'pgdataapi_template';
export const AUTHENTICATOR_PASSWORD = 'test-authenticator-password';
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
    await template.runScript(`alter role authenticator with login password '${AUTHENTICATOR_PASSWORD}'`);
    for (const name of (await readdir(FIXTURES)).filter((n) => n.endsWith('.sql')).sort()) {
      await template.runScript(await readFile(path.join(FIXTURES, name), 'utf8'));
    }
  } finally {
    await template.close();
  }
  return { TEST_DATABASE_URL: superUri, TEST_TEMPLATE_DB: TEMPLATE_DB };
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
