// The admin server over real sockets: /live, /ready, /metrics read as Prometheus text, /config redacted, /schema_cache;
// request logs and Server-Timing through the real HTTP server.
import t from 'tap';
import { handle } from '../../src/app.ts';
import { startAdminServer } from '../../src/admin/admin-server.ts';
import { schemaCacheJson } from '../../src/admin/schema-cache-json.ts';
import { ApiMetrics } from '../../src/admin/metrics.ts';
import { observeRequests } from '../../src/admin/observe-requests.ts';
import { Readiness } from '../../src/admin/readiness.ts';
import { buildConfig } from '../../src/config/config.ts';
import { startServer } from '../../src/http/server.ts';
import { createLogger } from '../../src/log.ts';
import { HEALTH_CHECK_STATEMENT } from '../../src/query/health-check.ts';
import { parsePrometheusText, sampleValue } from '../helpers/prometheus-text.ts';
import { startTestApp } from '../helpers/test-app.ts';
import { createTokenMinter } from '../helpers/tokens.ts';
import { testEngine } from '../helpers/test-server.ts';

const minter = await createTokenMinter();
const app = await startTestApp(
  { 'jwt-secret': 'a-very-long-hmac-secret-for-the-admin-test', 'server-timing-enabled': 'true', 'log-slow-request-ms': '200' },
  { keySets: minter.keySets },
);
t.teardown(() => app.close());
const logLines: string[] = [];
const log = createLogger({ level: 'info', write: (line) => logLines.push(line) });
const readiness = new Readiness({ probe: () => app.db.executor.run({ readOnly: true, statements: [HEALTH_CHECK_STATEMENT] }), log, intervalMs: 100 });
readiness.schemaLoaded();
readiness.serving();
readiness.start();
t.teardown(() => readiness.stop());
const metrics = new ApiMetrics({
  poolStats: () => app.db.executor.stats?.(),
  tokenCacheEntries: () => app.authenticator.tokenCacheEntries?.(),
  ready: () => readiness.ready,
});
metrics.recordSchemaLoad(true, 0.012);
const admin = await startAdminServer('127.0.0.1', 0, {
  readiness,
  metrics,
  log,
  schemaCacheJson: () => schemaCacheJson(app.schema.current),
  config: () => app.config,
});
t.teardown(() => admin.close());
const server = await startServer(
  observeRequests((raw, observer) => handle(raw, app.deps, observer), { config: () => app.config, log, metrics }),
  { host: '127.0.0.1', port: 0, maxBodyBytes: 1 << 20, engine: testEngine() },
);
t.teardown(() => server.close(1000));
const api = `http://127.0.0.1:${server.port}`;
const adminUrl = `http://127.0.0.1:${admin.port}`;

t.test('/live and /ready answer 200 with empty bodies; unknown paths 404, other methods 405', async (t) => {
  for (const path of ['/live', '/ready']) {
    const res = await fetch(adminUrl + path);
    t.equal(res.status, 200, path);
    t.equal(await res.text(), '');
  }
  t.equal((await fetch(adminUrl + '/nope')).status, 404);
  t.equal((await fetch(adminUrl + '/ready', { method: 'POST' })).status, 405);
  t.equal((await fetch(adminUrl + '/ready', { method: 'HEAD' })).status, 200);
});

t.test('/metrics is valid Prometheus text and counts requests by method and status', async (t) => {
  const token = await minter.tokenFor('user-1');
  for (let i = 0; i < 3; i++) t.equal((await fetch(`${api}/items?select=id&limit=1`)).status, 200);
  t.equal((await fetch(`${api}/no_such_table`)).status, 404);
  t.equal((await fetch(`${api}/items?limit=1`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
  metrics.recordRequest('BREW', 405, 0.001);
  metrics.recordRequest('PURGE', 405, 0.001);
  const res = await fetch(adminUrl + '/metrics');
  t.equal(res.status, 200);
  t.match(res.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  const families = parsePrometheusText(await res.text());
  t.equal(sampleValue(families, 'pgrst_http_requests_total', { method: 'GET', status: '200' }), 4);
  t.equal(sampleValue(families, 'pgrst_http_requests_total', { method: 'GET', status: '404' }), 1);
  t.equal(sampleValue(families, 'pgrst_http_requests_total', { method: 'OTHER', status: '405' }), 2, 'unknown methods share one label value');
  const buckets = families
    .get('pgrst_http_request_duration_seconds')!
    .samples.filter((s) => s.name.endsWith('_bucket') && s.labels.method === 'GET')
    .map((s) => s.value);
  t.same(
    buckets,
    [...buckets].sort((a, b) => a - b),
    'buckets are cumulative',
  );
  t.equal(families.get('pgrst_http_request_duration_seconds')!.type, 'histogram');
  t.equal(sampleValue(families, 'pgrst_http_request_duration_seconds_count', { method: 'GET' }), 5);
  t.equal(sampleValue(families, 'pgrst_http_request_duration_seconds_bucket', { method: 'GET', le: '+Inf' }), 5);
  t.equal(sampleValue(families, 'pgrst_db_pool_max'), app.config.dbPool);
  t.ok(sampleValue(families, 'pgrst_db_pool_open')! >= 1, 'a connection is open');
  for (const name of ['pgrst_db_pool_in_use', 'pgrst_db_pool_waiting', 'pgrst_db_pool_available', 'pgrst_db_pool_timeouts_total'])
    t.not(sampleValue(families, name), undefined, name);
  t.equal(sampleValue(families, 'pgrst_schema_cache_loads_total', { status: 'SUCCESS' }), 1);
  t.equal(sampleValue(families, 'pgrst_schema_cache_query_time_seconds'), 0.012);
  t.equal(sampleValue(families, 'pgrst_schema_cache_load_duration_seconds_count', { status: 'SUCCESS' }), 1);
  t.equal(sampleValue(families, 'pgrst_jwt_cache_entries'), 1, 'the verified token is cached');
  t.equal(sampleValue(families, 'pgrst_ready'), 1);
});

t.test('/config is the configuration in config-file form with secrets redacted', async (t) => {
  const text = await (await fetch(adminUrl + '/config')).text();
  t.match(text, /^db-schemas = "test"$/m);
  t.match(text, /^jwt-secret = "<redacted>"$/m);
  t.match(text, /^db-uri = "postgres:\/\/\w+:%3Credacted%3E@127\.0\.0\.1:\d+\/test_\w+"$/m);
  t.notMatch(text, /a-very-long-hmac-secret/);
  t.notMatch(text, /test-authenticator-password/);
  // It reads back as a config file (once the redacted secrets are left out).
  const { readConfigFile } = await import('../../src/config/config.ts');
  const values = readConfigFile(
    text
      .split('\n')
      .filter((line) => !line.includes('redacted'))
      .join('\n'),
    'dump',
    {},
  );
  t.equal(buildConfig(values).dbSchemas[0], 'test');
});

t.test('/schema_cache is the loaded cache as JSON', async (t) => {
  const body = (await (await fetch(adminUrl + '/schema_cache')).json()) as {
    schemas: string[];
    tables: Array<{ name: string; columns: unknown[] }>;
    routines: unknown[];
  };
  t.same(body.schemas, ['test']);
  const items = body.tables.find((table) => table.name === 'items');
  t.ok(items && items.columns.length > 0, 'tables with their columns');
  t.ok(body.routines.length > 0);
});

t.test('Server-Timing and one log line per request: method, path with values redacted, status, duration, role; never the token', async (t) => {
  const token = await minter.tokenFor('user-1');
  logLines.length = 0;
  const res = await fetch(`${api}/items?select=id&id=eq.42`, { headers: { authorization: `Bearer ${token}` } });
  t.equal(res.status, 200);
  t.match(res.headers.get('server-timing'), /^jwt;dur=[\d.]+, parse;dur=[\d.]+, plan;dur=[\d.]+, transaction;dur=[\d.]+, response;dur=[\d.]+$/);
  await fetch(`${api}/rpc/no_such_fn?password=hunter2`);
  t.equal(logLines.length, 2, logLines.join('\n'));
  t.match(logLines[0], /INFO\s+GET \/items\?select=id&id=eq\.\*\*\* 200 [\d.]+ms role=authenticated$/);
  t.match(logLines[1], /WARN\s+GET \/rpc\/no_such_fn\?password=\*\*\* 404 [\d.]+ms role=anonymous$/);
  t.notMatch(logLines.join('\n'), new RegExp(`${token.slice(0, 20)}|hunter2|eq\\.42`), 'no token, no value (the timestamp may hold any digits)');
});

t.test('a slow request is logged at warn with its stage timings', async (t) => {
  logLines.length = 0;
  const res = await fetch(`${api}/rpc/sleep_ms?ms=400`);
  t.ok(res.status === 200 || res.status === 404, `status ${res.status}`);
  if (res.status === 404) {
    await app.sql(
      'create function test.sleep_ms(ms int) returns int language sql as $$ select ms from pg_sleep(ms / 1000.0) $$; grant execute on function test.sleep_ms(int) to anonymous',
    );
    await app.schema.reload();
    logLines.length = 0;
    t.equal((await fetch(`${api}/rpc/sleep_ms?ms=400`)).status, 200);
  }
  t.match(logLines.at(-1), /WARN\s+GET \/rpc\/sleep_ms\?ms=\*\*\* 200 \d+(\.\d)?ms role=anonymous slow: jwt;dur=.*transaction;dur=[4-9]\d\d\.\d/);
});

t.test('JWKS fetches and failures are counted', async (t) => {
  const { createServer } = await import('node:http');
  const { createAuthenticator } = await import('../../src/auth/create-authenticator.ts');
  const jwks = createServer((req, res) => {
    if (req.url === '/jwks') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(minter.keySets[0]));
    else res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => jwks.close(() => resolve())));
  const port = (jwks.address() as { port: number }).port;
  const counted = new ApiMetrics({ poolStats: () => undefined, tokenCacheEntries: () => undefined, ready: () => true });
  const auth = createAuthenticator(buildConfig({ 'jwks-url': `http://127.0.0.1:${port}/jwks,http://127.0.0.1:${port}/broken` }), {
    fetch: counted.countingFetch(),
    log: () => {},
  });
  t.teardown(() => auth.close());
  await auth.ready;
  const families = parsePrometheusText(await counted.text());
  t.equal(sampleValue(families, 'pgrst_jwks_fetches_total', { status: 'SUCCESS' }), 1);
  t.equal(sampleValue(families, 'pgrst_jwks_fetches_total', { status: 'FAIL' }), 1);
});
