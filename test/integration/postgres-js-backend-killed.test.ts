// --db-executor postgres when a backend dies mid-transaction (pg_terminate_backend, as in a restart or a replica
// stopping): postgres.js 3.4.9 then throws outside any promise (porsager/postgres#1208). The request on that
// connection fails with a 503; the process, with or without server workers, keeps serving.
import t from 'tap';
import { listeningPort, startApiProcess } from '../helpers/api-process.ts';
import { createTestDatabase } from '../helpers/test-db.ts';

const db = await createTestDatabase();
t.teardown(() => db.drop());
await db.admin.runScript(`
  alter event trigger pgrst_watch disable;
  create function test.alive() returns text language sql stable as $$ select 'yes' $$;
  create function test.sleepy() returns text language sql as $$ select pg_sleep(5)::text $$;
  grant execute on function test.alive(), test.sleepy() to anonymous;`);

for (const workers of ['1', '2']) {
  t.test(`--server-workers ${workers}: the process outlives a backend killed during sql.begin()`, async (t) => {
    const api = startApiProcess(['--db-uri', db.uri, '--db-schemas', 'test', '--server-port', '0', '--db-executor', 'postgres', '--server-workers', workers]);
    t.teardown(() => api.kill());
    await api.waitFor(/ready in \d+ ms/);
    const base = `http://127.0.0.1:${listeningPort(api.output)}`;

    const slow = fetch(`${base}/rpc/sleepy`, { method: 'POST' });
    let killed = 0;
    for (let i = 0; i < 100 && killed === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const rows = await db.admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'");
      killed = rows.filter((row) => row['pg_terminate_backend'] === true).length;
    }
    t.equal(killed, 1, 'the backend running the request was terminated');
    t.equal((await slow).status, 503, "that request's answer: 503");

    await new Promise((r) => setTimeout(r, 300));
    t.match(api.output, /porsager\/postgres#1208/, "postgres.js's write after close happened and was outlived");
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${base}/rpc/alive`);
      t.equal(res.status, 200, 'still serving');
    }
    t.notMatch(api.output, /stopping the process|failed:/, 'no worker failed');
  });
}
