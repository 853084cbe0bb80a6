// A client that hangs up mid-request: uWS onAborted → AbortSignal → the executor cancels the running statement.
import t from 'tap';
import { handle } from '../../src/app.ts';
import { startServer } from '../../src/http/server.ts';
import { silentLogger } from '../../src/log.ts';
import { startTestApp } from '../helpers/test-app.ts';
import { testEngine } from '../helpers/test-server.ts';

const app = await startTestApp();
t.teardown(() => app.close());
const deps = { config: app.config, schemaCache: () => app.schema.current, authenticator: app.authenticator, executor: app.db.executor, log: silentLogger };
const server = await startServer((raw) => handle(raw, deps), { host: '127.0.0.1', port: 0, maxBodyBytes: 1024, engine: testEngine() });
t.teardown(() => server.close());

const sleeping = async () =>
  (
    await app.sql(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and usename = 'pgdataapi_test_authenticator' and state = 'active' and query like '%pgrst_source%'",
    )
  )[0]!.n as number;

t.test('the statement is cancelled when the client goes away', async (t) => {
  const controller = new AbortController();
  const started = Date.now();
  const request = fetch(`http://127.0.0.1:${server.port}/slow_rows`, { signal: controller.signal }).catch((e) => e);
  await new Promise((r) => setTimeout(r, 300));
  t.equal(await sleeping(), 1, 'the slow statement is running');
  controller.abort();
  await request;
  let running = 1;
  while (running > 0 && Date.now() - started < 2500) {
    await new Promise((r) => setTimeout(r, 50));
    running = await sleeping();
  }
  t.equal(running, 0, 'no longer running');
  t.ok(Date.now() - started < 2500, `cancelled well before pg_sleep(3) would end (${Date.now() - started} ms)`);
  const ok = await fetch(`http://127.0.0.1:${server.port}/items?select=id&id=eq.1`);
  t.same(await ok.json(), [{ id: 1 }], 'the server keeps answering');
});
