// Signals on a real process: SIGUSR1 reloads the schema (no inspector), SIGUSR2 and NOTIFY reload the config,
// SIGTERM lets a request in flight finish, turns /ready to 503, closes everything and exits 0.
import { writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { adminPort, listeningPort, startApiProcess } from '../helpers/api-process.ts';
import { createTestDatabase } from '../helpers/test-db.ts';

const db = await createTestDatabase();
t.teardown(() => db.drop());
await db.admin.runScript(`
  alter event trigger pgrst_watch disable;
  create function test.slow_answer() returns text language sql as $$ select 'finished after ' || pg_sleep(1)::text || '1 s' $$;
  grant execute on function test.slow_answer() to anonymous;`);
const confDir = mkdtempSync(path.join(os.tmpdir(), 'pg-data-api-signals-'));
const conf = path.join(confDir, 'api.conf');
writeFileSync(conf, `db-uri = "${db.uri}"\ndb-schemas = "test"\ndb-max-rows = 1\nserver-port = 0\nadmin-server-port = 0\nlog-level = "info"\n`);

const api = startApiProcess([conf]);
t.teardown(() => api.kill());
await api.waitFor(/ready in \d+ ms/);
const base = `http://127.0.0.1:${listeningPort(api.output)}`;
const admin = `http://127.0.0.1:${adminPort(api.output)}`;
const rowCount = async () => ((await (await fetch(`${base}/items?select=id`)).json()) as unknown[]).length;

t.test('SIGUSR1 reloads the schema cache and never opens the inspector', async (t) => {
  await db.admin.runScript('create table test.after_start (id int); grant select on test.after_start to anonymous');
  t.equal((await fetch(`${base}/after_start`)).status, 404, 'unknown before the reload (the DDL trigger is off)');
  api.child.kill('SIGUSR1');
  await api.waitFor(/schema cache reloaded \(SIGUSR1\)/);
  t.equal((await fetch(`${base}/after_start`)).status, 200);
  t.notMatch(api.output, /Debugger listening|inspector/i);
});

t.test("SIGUSR2 and NOTIFY pgrst, 'reload config' re-read the config file", async (t) => {
  t.equal(await rowCount(), 1, 'db-max-rows = 1 at start');
  writeFileSync(conf, `db-uri = "${db.uri}"\ndb-schemas = "test"\ndb-max-rows = 2\nserver-port = 0\nadmin-server-port = 0\nlog-level = "info"\n`);
  api.child.kill('SIGUSR2');
  await api.waitFor(/config reloaded \(SIGUSR2\): db-max-rows/);
  t.equal(await rowCount(), 2);
  writeFileSync(conf, `db-uri = "${db.uri}"\ndb-schemas = "test"\ndb-max-rows = 3\nserver-port = 1\nadmin-server-port = 0\nlog-level = "info"\n`);
  await db.admin.runScript("notify pgrst, 'reload config'");
  await api.waitFor(/config reloaded \(NOTIFY pgrst, 'reload config'\): db-max-rows/);
  t.equal(await rowCount(), 3);
  t.match(api.output, /server-port changed but takes effect only after a restart/);
  writeFileSync(conf, 'db-max-rows = "many"\n');
  api.child.kill('SIGUSR2');
  await api.waitFor(/config reload \(SIGUSR2\) failed; the running configuration is unchanged: .*db-max-rows/);
  t.equal(await rowCount(), 3, 'an invalid file changes nothing');
});

t.test('SIGTERM: the request in flight gets its whole answer, /ready says 503 meanwhile, exit code 0', async (t) => {
  t.equal((await fetch(`${admin}/ready`)).status, 200);
  const started = Date.now();
  const inFlight = fetch(`${base}/rpc/slow_answer`, { method: 'POST' }).then(async (res) => ({ status: res.status, body: await res.text() }));
  await new Promise((r) => setTimeout(r, 300));
  api.child.kill('SIGTERM');
  await api.waitFor(/SIGTERM received: shutting down/);
  t.equal((await fetch(`${admin}/ready`)).status, 503, 'not ready while draining');
  const answer = await inFlight;
  t.equal(answer.status, 200);
  t.equal(answer.body, '"finished after 1 s"');
  t.ok(Date.now() - started >= 900, 'it really ran for its full second');
  t.equal(await api.exited, 0, 'exit code 0');
  t.match(api.output, /stopped/);
  await t.rejects(fetch(`${base}/items`), 'the port is closed afterwards');
});
