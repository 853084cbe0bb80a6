// `npm run snapshot`: rebuilds test/fixtures/catalog-snapshot.json (the frozen catalog the planner
// tests use without a database) from sql/ and test/fixtures/*.sql on a throwaway embedded PostgreSQL.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/database.ts';
import { startEmbeddedPostgres } from '../../src/embedded/embedded-postgres.ts';
import { readCatalog } from '../../src/schema/introspect.ts';
import { prepareTemplate, TEMPLATE_DB, withDatabase } from '../helpers/template.ts';

const baseDir = await mkdtemp(path.join(os.tmpdir(), 'pg-data-api-snapshot-'));
const cluster = await startEmbeddedPostgres({ baseDir, persistent: false });
try {
  await prepareTemplate(cluster.uri);
  const db = openDatabase(withDatabase(cluster.uri, TEMPLATE_DB), { pool: 1 });
  const snapshot = await readCatalog(db.query, ['test']);
  await db.close();
  const file = path.resolve(import.meta.dirname, '..', 'fixtures', 'catalog-snapshot.json');
  await writeFile(file, JSON.stringify(snapshot) + '\n');
  process.stdout.write(`wrote ${file}\n`);
} finally {
  await cluster.stop();
  await rm(baseDir, { recursive: true, force: true });
}
