// The pipeline executor against its own PostgreSQL: TLS per sslmode with a self-signed certificate, md5 auth,
// Unix-socket URIs (both drivers), and a real server restart under load (503s while it is down, recovery without restarting the app).
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { chownSync, chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { handle } from '../../src/app.ts';
import { createAuthenticator } from '../../src/auth/create-authenticator.ts';
import { buildConfig } from '../../src/config/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createPipelineExecutor } from '../../src/db/pipeline/pipeline-executor.ts';
import { startEmbeddedPostgres } from '../../src/embedded/embedded-postgres.ts';
import { silentLogger } from '../../src/log.ts';
import { sql, toStatement } from '../../src/query/fragment.ts';
import { introspect } from '../../src/schema/introspect.ts';
import { SchemaStore } from '../../src/schema/schema-store.ts';
import { installSql } from '../../src/setup/install-sql.ts';
import { toRawRequest } from '../helpers/test-app.ts';

/** The executor returns every statement's first row; these tests look at the last (main) one. */
const mainRow = (rows: Array<Record<string, unknown> | undefined>): Record<string, unknown> => rows[rows.length - 1] ?? {};

const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-data-api-cluster-'));
const certDir = mkdtempSync(path.join(os.tmpdir(), 'pg-data-api-cert-'));
const cert = path.join(certDir, 'server.crt');
const keyFile = path.join(certDir, 'server.key');
execFileSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    cert,
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost',
  ],
  { stdio: 'ignore' },
);
chmodSync(keyFile, 0o600);
chmodSync(certDir, 0o755);
// The server may run as `postgres` (when we are root): it must be able to create its socket here.
const socketDir = mkdtempSync(path.join(os.tmpdir(), 'pg-data-api-socket-'));
chmodSync(socketDir, 0o777);
if (os.userInfo().uid === 0) {
  // The server runs as the `postgres` user when we are root; it must own its key.
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim() || 'NaN');
  if (Number.isInteger(uid)) for (const f of [keyFile, cert]) chownSync(f, uid, Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
}
// persistent: a non-persistent cluster deletes its data directory on stop, and this test restarts it.
const cluster = await startEmbeddedPostgres({
  baseDir: dir,
  persistent: true,
  authMethod: 'md5',
  settings: { ssl: 'on', ssl_cert_file: cert, ssl_key_file: keyFile, unix_socket_directories: socketDir },
});
t.teardown(async () => {
  await cluster.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
  rmSync(certDir, { recursive: true, force: true });
  rmSync(socketDir, { recursive: true, force: true });
});
const admin = openDatabase(cluster.uri, { pool: 1, executor: 'postgres' });
t.teardown(() => admin.close());
await admin.runScript("set password_encryption = 'md5'; create role md5user login password 'md5-secret'");
const one = toStatement(sql`SELECT 1 AS one`);
const ssl = toStatement(sql`SELECT ssl::text AS ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`);
const uriWith = (params: Record<string, string>, user?: [string, string], host?: string) => {
  const url = new URL(cluster.uri);
  if (user) [url.username, url.password] = user;
  if (host) url.hostname = host;
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
};
async function runOnce(uri: string, statement = one) {
  const ex = createPipelineExecutor(uri, { maxConnections: 1 });
  try {
    return mainRow(await ex.run({ readOnly: true, statements: [statement] }));
  } finally {
    await ex.close();
  }
}

t.test('md5 authentication (password stored as md5, pg_hba md5)', async (t) => {
  t.same(await runOnce(uriWith({ sslmode: 'disable' }, ['md5user', 'md5-secret'])), { one: 1 });
  await t.rejects(runOnce(uriWith({ sslmode: 'disable' }, ['md5user', 'wrong'])), /password authentication failed/);
});

t.test('TLS: require, verify-ca, verify-full with the self-signed certificate; prefer uses TLS', async (t) => {
  t.same(await runOnce(uriWith({ sslmode: 'require' }), ssl), { ssl: 'true' });
  t.same(await runOnce(uriWith({ sslmode: 'prefer' }), ssl), { ssl: 'true' });
  t.same(await runOnce(uriWith({ sslmode: 'disable' }), ssl), { ssl: 'false' });
  t.same(await runOnce(uriWith({ sslmode: 'verify-ca', sslrootcert: cert }), ssl), { ssl: 'true' });
  t.same(await runOnce(uriWith({ sslmode: 'verify-full', sslrootcert: cert }, undefined, 'localhost'), ssl), { ssl: 'true' });
  await t.rejects(
    runOnce(uriWith({ sslmode: 'verify-full', sslrootcert: cert })),
    /IP: 127\.0\.0\.1 is not in the cert's list|altnames/i,
    'verify-full checks the host name',
  );
  await t.rejects(
    runOnce(uriWith({ sslmode: 'verify-ca' })),
    /self[- ]signed|unable to verify|certificate/i,
    'verify-ca without the CA rejects a self-signed certificate',
  );
});

t.test('a Unix socket: host=<directory> in the query or percent-encoded as the authority, for both drivers', async (t) => {
  const local = toStatement(
    sql`SELECT client_addr IS NULL AS local, ssl::text AS ssl FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) WHERE pid = pg_backend_pid()`,
  );
  const port = new URL(cluster.uri).port;
  const viaQuery = uriWith({ host: socketDir, port }, undefined, 'ignored-when-host-is-given');
  const viaAuthority = (() => {
    const url = new URL(cluster.uri);
    return `postgres://${url.username}:${url.password}@${encodeURIComponent(socketDir)}:${port}/postgres`;
  })();
  t.same(await runOnce(viaQuery, local), { local: true, ssl: 'false' }, 'pipeline driver, ?host=');
  t.same(await runOnce(viaAuthority, local), { local: true, ssl: 'false' }, 'pipeline driver, %2F… authority');
  // libpq ignores sslmode on a Unix socket (the server offers no TLS there): so do both drivers.
  t.same(await runOnce(uriWith({ host: socketDir, port, sslmode: 'require' }), local), { local: true, ssl: 'false' }, 'sslmode=require is ignored');
  const db = openDatabase(uriWith({ host: socketDir, port, sslmode: 'require' }), { pool: 1, executor: 'postgres' });
  t.teardown(() => db.close());
  t.same(await db.query('SELECT client_addr IS NULL AS local FROM pg_stat_activity WHERE pid = pg_backend_pid()'), [{ local: true }], 'postgres.js, ?host=');
  await t.rejects(runOnce(uriWith({ host: path.join(socketDir, 'missing'), port })), /ENOENT/, 'a directory without the socket fails to connect');
});

t.test('server restart mid-load: 503 while down, then recovery without restarting the app', async (t) => {
  await installSql(admin.runScript);
  await admin.runScript(
    "create table public.pets (id int primary key, name text); insert into public.pets values (1, 'rex'); grant usage on schema public to anonymous; grant select on public.pets to anonymous",
  );
  const config = buildConfig({ 'db-uri': cluster.uri, 'db-schemas': 'public', 'db-anon-role': 'anonymous' });
  const db = openDatabase(uriWith({ sslmode: 'require' }), { pool: 4, executor: 'pipeline' });
  t.teardown(() => db.close());
  const schema = new SchemaStore(await introspect(db.query, config.dbSchemas), () => introspect(db.query, config.dbSchemas));
  const authenticator = createAuthenticator(config, { log: () => {} });
  t.teardown(() => authenticator.close());
  const deps = { config, schemaCache: () => schema.current, authenticator, executor: db.executor, log: silentLogger };
  const get = () => handle(toRawRequest('GET', '/pets?id=eq.1'), deps);
  t.equal((await get()).status, 200);

  const statuses: number[] = [];
  let running = true;
  const load = (async () => {
    while (running) {
      const res = await get();
      statuses.push(res.status);
      if (res.status !== 200) t.match(JSON.parse(String(res.body)), { code: /^PGRST00[01]$/ }, 'PostgREST-style unavailable error');
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  await new Promise((r) => setTimeout(r, 100));
  await cluster.stop();
  await new Promise((r) => setTimeout(r, 300));
  await cluster.start();
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && statuses.at(-1) !== 200) await new Promise((r) => setTimeout(r, 50));
  running = false;
  await load;
  t.ok(statuses.includes(503), 'requests failed with 503 while the server was down');
  t.ok(
    statuses.every((s) => s === 200 || s === 503),
    `only 200 and 503: ${[...new Set(statuses)]}`,
  );
  t.equal(statuses.at(-1), 200, 'recovered');
  const body = await get();
  t.same(JSON.parse(String(body.body)), [{ id: 1, name: 'rex' }]);
});
