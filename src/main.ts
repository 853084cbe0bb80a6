// Entry point: config → database (embedded or given) → schema cache → auth → HTTP server; graceful shutdown.
import path from 'node:path';
import { PROJECT_ROOT, VERSION } from './version.ts';
import { handle } from './app.ts';
import { createAuthenticator } from './auth/create-authenticator.ts';
import { loadDevKeys, type DevKeys } from './auth/dev-keys.ts';
import { ConfigError, loadConfig, type Config } from './config/config.ts';
import { helpText } from './config/help.ts';
import { databaseOptions, openDatabase, type Database } from './db/database.ts';
import { DEMO_DATA_DIR, startDemoDatabase, type DemoDatabase } from './embedded/demo-database.ts';
import { HTTP_ENGINE, isNativeUws } from './http/uws.ts';
import { startServer } from './http/server.ts';
import { createLogger, type Logger } from './log.ts';
import { introspect } from './schema/introspect.ts';
import { SchemaStore } from './schema/schema-store.ts';
import { installSql, sqlFiles } from './setup/install-sql.ts';
import { connectWithRetry } from './setup/connect-with-retry.ts';
import { printWelcome } from './setup/welcome.ts';
import { watchSchemaReloads } from './setup/schema-reload.ts';

const ROOT = PROJECT_ROOT;

async function main(): Promise<void> {
  let loaded;
  try {
    loaded = loadConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (loaded.help) return void process.stdout.write(helpText(VERSION) + '\n');
  if (loaded.version) return void process.stdout.write(`pg-data-api ${VERSION}\n`);
  const config = loaded.config;
  const log = createLogger(config.logLevel);
  warnIfUwsFallback(log);
  const started = Date.now();

  let demo: DemoDatabase | null = null;
  if (config.dbUri === null) {
    log.info(`no --db-uri / DATABASE_URL given: starting an embedded PostgreSQL in ${DEMO_DATA_DIR}/ with the demo schema`);
    demo = await startDemoDatabase(path.resolve(DEMO_DATA_DIR), runScriptsAs, await sqlFiles(), (m) => log.warn(m));
  }
  const db = openDatabase(demo?.uri ?? config.dbUri!, databaseOptions(config));
  await connectWithRetry(db, log);
  if (!demo) await installOrExplain(db, log);

  const load = () => introspect(db.query, config.dbSchemas);
  const schema = new SchemaStore(await load(), load);
  await watchSchemaReloads(db, schema, log);
  // Demo mode without a configured provider: trust a local development key so RLS can be shown.
  const devKeys: DevKeys | null = demo && config.jwksUrls.length === 0 && config.jwtSecret === null
    ? await loadDevKeys(path.resolve(DEMO_DATA_DIR, 'dev-signing-key.json'))
    : null;
  const authenticator = createAuthenticator(config, {
    log: (level, message) => log[level](`auth: ${message}`),
    ...(devKeys ? { keySets: [devKeys.keySet] } : {}),
  });
  const server = await startServer((raw) => handle(raw, { config, schemaCache: () => schema.current, authenticator, executor: db.executor, log }), {
    host: config.serverHost,
    port: config.serverPort,
    maxBodyBytes: config.serverMaxBodyBytes,
  });
  const cache = schema.current;
  const routineCount = [...cache.routines.values()].reduce((n, list) => n + list.length, 0);
  log.info(`ready in ${Date.now() - started} ms: schemas ${config.dbSchemas.join(',')}; ${cache.tables.size} relations, ${routineCount} functions; HTTP engine ${HTTP_ENGINE}; executor ${config.dbExecutor}; listening on http://${config.serverHost}:${server.port}`);
  if (demo) {
    const baseUrl = `http://${config.serverHost === '0.0.0.0' ? '127.0.0.1' : config.serverHost}:${server.port}`;
    printWelcome(baseUrl, devKeys ? [
      '',
      '  # DEVELOPMENT ONLY: a token for user-ada, signed by a local demo key that only demo mode trusts.',
      '  # With it, Row-Level Security shows Ada her own todos (auth.user_id() = \'user-ada\'):',
      `  curl '${baseUrl}/todos' -H 'Authorization: Bearer ${await devKeys.mint('user-ada')}'`,
    ] : []);
  }

  installShutdown(async () => {
    log.info('shutting down: draining in-flight requests');
    await server.close();
    authenticator.close();
    await db.close();
    if (demo) await demo.cluster.stop();
    log.info('stopped');
  });
}

function warnIfUwsFallback(log: Logger): void {
  if (isNativeUws) return;
  const bar = '!'.repeat(78);
  log.error(`\n${bar}\n!! uWebSockets.js native binary did NOT load: running on its slow JavaScript (ws) fallback.\n!! Throughput will be a fraction of normal. Use a supported Node.js/glibc (see README).\n${bar}`);
}

async function runScriptsAs(uri: string, scripts: string[]): Promise<void> {
  const admin: Database = openDatabase(uri, { pool: 1 });
  try {
    for (const script of scripts) await admin.runScript(script);
  } finally {
    await admin.close();
  }
}

/**
 * Applies sql/ when the connecting role may. A production role (authenticator) usually may not, and
 * needs not once a DBA has installed the scripts: then say so quietly instead of warning.
 */
async function installOrExplain(db: Database, log: Logger): Promise<void> {
  try {
    const [state] = await db.query(INSTALL_STATE_QUERY);
    if (!state?.superuser && state?.installed) {
      log.info('sql/ helpers (roles, auth.user_id()) are already installed');
      return;
    }
    const { denied } = await installSql(db.runScript);
    for (const file of denied) log.warn(`not allowed to apply ${path.relative(ROOT, file)}; ask a DBA to run it (psql -f ${path.relative(ROOT, file)})`);
  } catch (error) {
    log.warn(`could not apply sql/ install scripts: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Whether the connecting role is a superuser, and whether the roles and auth helpers already exist. */
const INSTALL_STATE_QUERY = `select
  (select rolsuper from pg_roles where rolname = current_user) as superuser,
  exists (select from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'auth' and p.proname = 'user_id')
    and exists (select from pg_roles where rolname = 'anonymous')
    and exists (select from pg_roles where rolname = 'authenticated') as installed`;

function installShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    stop().then(() => process.exit(0), (error) => {
      process.stderr.write(`shutdown failed: ${String(error)}\n`);
      process.exit(1);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

export type { Config };

main().catch((error) => {
  process.stderr.write(`pg-data-api failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
