// /ready across a real database stop and start, and the log during the outage: identical warnings rate-limited, not one per request.
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { handle } from '../../src/app.ts';
import { startAdminServer } from '../../src/admin/admin-server.ts';
import { schemaCacheJson } from '../../src/admin/schema-cache-json.ts';
import { ApiMetrics } from '../../src/admin/metrics.ts';
import { observeRequests } from '../../src/admin/observe-requests.ts';
import { Readiness } from '../../src/admin/readiness.ts';
import { createAuthenticator } from '../../src/auth/create-authenticator.ts';
import { buildConfig } from '../../src/config/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { startEmbeddedPostgres } from '../../src/embedded/embedded-postgres.ts';
import { createLogger } from '../../src/log.ts';
import { introspect } from '../../src/schema/introspect.ts';
import { SchemaStore } from '../../src/schema/schema-store.ts';
import { installSql } from '../../src/setup/install-sql.ts';
import { HEALTH_CHECK_STATEMENT } from '../../src/query/health-check.ts';
import { toRawRequest } from '../helpers/test-app.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-data-api-ready-'));
const cluster = await startEmbeddedPostgres({ baseDir: dir, persistent: true });
t.teardown(async () => {
  await cluster.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});
const setup = openDatabase(cluster.uri, { pool: 1, executor: 'postgres' });
await installSql(setup.runScript);
await setup.runScript(
  'create table public.pets (id int primary key); insert into public.pets values (1); grant usage on schema public to anonymous; grant select on public.pets to anonymous',
);
await setup.close();

const config = buildConfig({ 'db-uri': cluster.uri, 'db-schemas': 'public' });
const db = openDatabase(cluster.uri, { pool: 4, executor: 'pipeline' });
t.teardown(() => db.close());
const lines: string[] = [];
const log = createLogger({ level: 'warn', write: (line) => lines.push(line) });
const schema = new SchemaStore(await introspect(db.query, config.dbSchemas), () => introspect(db.query, config.dbSchemas));
let recoveries = 0;
const readiness = new Readiness({
  probe: () => db.executor.run({ readOnly: true, statements: [HEALTH_CHECK_STATEMENT] }),
  log,
  intervalMs: 250,
  timeoutMs: 1000,
  onRecovered: () => {
    recoveries++;
  },
});
readiness.schemaLoaded();
readiness.serving();
readiness.start();
t.teardown(() => readiness.stop());
const metrics = new ApiMetrics({ poolStats: () => db.executor.stats?.(), tokenCacheEntries: () => 0, ready: () => readiness.ready });
const admin = await startAdminServer('127.0.0.1', 0, { readiness, metrics, log, schemaCacheJson: () => schemaCacheJson(schema.current), config: () => config });
t.teardown(() => admin.close());
const authenticator = createAuthenticator(config, { log: () => {} });
t.teardown(() => authenticator.close());
const deps = { config, schemaCache: () => schema.current, authenticator, executor: db.executor, log };
const observed = observeRequests((raw, observer) => handle(raw, deps, observer), { config: () => config, log, metrics });
const ready = async () => (await fetch(`http://127.0.0.1:${admin.port}/ready`)).status;

async function waitForReady(status: number, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if ((await ready()) === status) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`/ready did not answer ${status} within ${withinMs} ms`);
}

t.test('/ready: 200, then 503 within seconds of the database stopping, then 200 after it is back', async (t) => {
  t.equal(await ready(), 200);
  let requests = 0;
  let running = true;
  // Clients keep calling during the outage, as they would in production.
  const load = (async () => {
    while (running) {
      await observed(toRawRequest('GET', '/pets?id=eq.1'));
      requests++;
      await new Promise((r) => setImmediate(r));
    }
  })();
  await cluster.stop();
  const downAfter = await waitForReady(503, 10_000);
  t.ok(downAfter < 10_000, `503 after ${downAfter} ms`);
  await new Promise((r) => setTimeout(r, 2000));
  await cluster.start();
  const upAfter = await waitForReady(200, 15_000);
  t.ok(upAfter < 15_000, `200 again ${upAfter} ms after the restart`);
  running = false;
  await load;
  t.equal(recoveries, 1, 'recovery reported once (main reloads the schema cache then)');
  t.match(lines.join('\n'), /database connection lost/);
  t.match(lines.join('\n'), /database connection restored/);
  const unavailable = lines.filter((l) => /database unavailable|503/.test(l));
  t.ok(requests > 200, `the outage saw many requests (${requests})`);
  t.ok(unavailable.length <= 10, `identical warnings are rate-limited: ${unavailable.length} lines for ${requests} requests\n${unavailable.join('\n')}`);
  t.equal((await observed(toRawRequest('GET', '/pets?id=eq.1'))).status, 200, 'requests succeed again');
});
