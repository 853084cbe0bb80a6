// Gives a test file its own database cloned from the template, connected as the test login role (the API's authenticator).
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { AUTHENTICATOR_PASSWORD, TEST_LOGIN_ROLE, withDatabase } from './template.ts';

export interface TestDatabase {
  /** URI as the authenticator role (what the API uses). */
  uri: string;
  /** URI as superuser, for setup and for checking what is really in the tables. */
  superUri: string;
  /** A superuser connection to this database. */
  admin: Database;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const superUri = process.env.TEST_DATABASE_URL;
  const template = process.env.TEST_TEMPLATE_DB;
  if (!superUri || !template) throw new Error('Run tests with `npm test` (it starts PostgreSQL and sets TEST_DATABASE_URL)');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const root = openDatabase(superUri, { pool: 1 });
  await createWithRetry(root, name, template);
  const dbSuperUri = withDatabase(superUri, name);
  const admin = openDatabase(dbSuperUri, { pool: 2 });
  return {
    uri: withDatabase(superUri, name, { name: TEST_LOGIN_ROLE, password: AUTHENTICATOR_PASSWORD }),
    superUri: dbSuperUri,
    admin,
    async drop() {
      await admin.close();
      await root.runScript(`drop database if exists ${name} with (force)`);
      await root.close();
    },
  };
}

/** CREATE DATABASE … TEMPLATE fails while another clone of the same template is in progress. */
async function createWithRetry(root: Database, name: string, template: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await root.runScript(`create database ${name} template ${template}`);
      return;
    } catch (error) {
      if (attempt > 20) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
}
