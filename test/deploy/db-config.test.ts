// In-database configuration on a real process: ALTER ROLE … IN DATABASE … SET pgrst.*, db-pre-config, reload by NOTIFY, db-config off.
import t from 'tap';
import { listeningPort, startApiProcess } from '../helpers/api-process.ts';
import { createTestDatabase } from '../helpers/test-db.ts';
import { TEST_LOGIN_ROLE } from '../helpers/template.ts';

const db = await createTestDatabase();
t.teardown(() => db.drop());
const dbName = new URL(db.uri).pathname.slice(1);
// Only IN DATABASE: the login role is shared by every test file, its own database is not.
await db.admin.runScript(`
  alter role ${TEST_LOGIN_ROLE} in database ${dbName} set pgrst.db_max_rows = '2';
  create function public.api_pre_config() returns void language sql as $$
    select set_config('pgrst.server_timing_enabled', 'true', true), set_config('pgrst.db_max_rows', '5', true) $$;`);

const start = async (extra: string[]) => {
  const api = startApiProcess(['--db-uri', db.uri, '--db-schemas', 'test', '--server-port', '0', ...extra]);
  t.teardown(() => api.kill());
  await api.waitFor(/ready in \d+ ms/);
  return { api, base: `http://127.0.0.1:${listeningPort(api.output)}` };
};
const rows = async (base: string) => ((await (await fetch(`${base}/items?select=id`)).json()) as unknown[]).length;

t.test('role settings in the database override the file and the environment; db-pre-config adds settings', async (t) => {
  const { api, base } = await start(['--db-pre-config', 'public.api_pre_config']);
  t.equal(await rows(base), 2, 'pgrst.db_max_rows from ALTER ROLE wins over the pre-config function');
  t.match((await fetch(`${base}/items?limit=1`)).headers.get('server-timing'), /^jwt;dur=/, 'pgrst.server_timing_enabled from db-pre-config');
  await db.admin.runScript(`alter role ${TEST_LOGIN_ROLE} in database ${dbName} set pgrst.db_max_rows = '3'`);
  await db.admin.runScript("notify pgrst, 'reload config'");
  await api.waitFor(/config reloaded \(NOTIFY pgrst, 'reload config'\): db-max-rows/);
  t.equal(await rows(base), 3);
  api.kill('SIGTERM');
  t.equal(await api.exited, 0);
});

t.test('--db-config false ignores them', async (t) => {
  const { api, base } = await start(['--db-config', 'false']);
  t.ok((await rows(base)) > 3, 'no row cap');
  api.kill('SIGTERM');
  t.equal(await api.exited, 0);
});
