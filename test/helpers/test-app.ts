// Starts the app (not the socket) against a fresh test database; `request` calls app.handle directly.
import { handle, type AppDeps } from '../../src/app.ts';
import type { Authenticator } from '../../src/auth/auth-result.ts';
import { createAuthenticator, type AuthenticatorOptions } from '../../src/auth/create-authenticator.ts';
import { buildConfig, type Config, type ConfigSource } from '../../src/config/config.ts';
import { databaseOptions, openDatabase, type Database } from '../../src/db/database.ts';
import type { RawRequest } from '../../src/request/raw-request.ts';
import { silentLogger } from '../../src/log.ts';
import { introspect } from '../../src/schema/introspect.ts';
import { SchemaStore } from '../../src/schema/schema-store.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';
import { watchSchemaReloads } from '../../src/setup/schema-reload.ts';
import { ShapeCache } from '../../src/shape-cache.ts';

export interface TestResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  json(): any;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: string | Buffer | object;
}

export interface TestApp {
  config: Config;
  db: Database;
  testDb: TestDatabase;
  schema: SchemaStore;
  authenticator: Authenticator;
  /** What app.handle needs, e.g. to serve the same app over a real socket with startServer. */
  deps: AppDeps;
  request(method: string, url: string, options?: RequestOptions): Promise<TestResponse>;
  /** Superuser query on this test database, to check what really happened. */
  sql(text: string, values?: unknown[]): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

/** `beforeOpen` runs as superuser on the fresh database before the app connects (e.g. ALTER ROLE … IN DATABASE). */
export async function startTestApp(
  settings: ConfigSource = {},
  authOptions: AuthenticatorOptions = {},
  beforeOpen?: (testDb: TestDatabase) => Promise<void>,
): Promise<TestApp> {
  const testDb = await createTestDatabase();
  await beforeOpen?.(testDb);
  const config = buildConfig({ 'db-uri': testDb.uri, 'db-schemas': 'test', ...settings });
  const db = openDatabase(testDb.uri, { ...databaseOptions(config), executor: testExecutor() });
  const load = () => introspect(db.query, config.dbSchemas);
  const schema = new SchemaStore(await load(), load);
  const unlisten = await watchSchemaReloads(db, schema, silentLogger);
  const authenticator = createAuthenticator(config, { log: () => {}, ...authOptions });
  const deps: AppDeps = { config, schemaCache: () => schema.current, authenticator, executor: db.executor, log: silentLogger, shapes: new ShapeCache() };
  return {
    config,
    db,
    testDb,
    schema,
    authenticator,
    deps,
    async request(method, url, options = {}) {
      const raw = toRawRequest(method, url, options);
      const response = await handle(raw, deps);
      const headers: Record<string, string> = {};
      for (const [name, value] of response.headers) {
        const key = name.toLowerCase();
        headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
      }
      const body = response.body === null ? '' : response.body.toString();
      return { status: response.status, headers, body, json: () => JSON.parse(body) };
    },
    sql: (text, values) => testDb.admin.query(text, values),
    async close() {
      await unlisten();
      authenticator.close();
      await db.close();
      await testDb.drop();
    },
  };
}

/** TEST_DB_EXECUTOR=pipeline|postgres runs the suite on either executor (default: pipeline). */
export function testExecutor(): 'pipeline' | 'postgres' {
  return process.env.TEST_DB_EXECUTOR === 'postgres' ? 'postgres' : 'pipeline';
}

export function toRawRequest(method: string, url: string, options: RequestOptions = {}): RawRequest {
  const [path, ...rest] = url.split('?');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.headers ?? {})) headers[k.toLowerCase()] = v;
  let body: Buffer;
  if (options.body === undefined) body = Buffer.alloc(0);
  else if (Buffer.isBuffer(options.body)) body = options.body;
  else if (typeof options.body === 'string') body = Buffer.from(options.body);
  else {
    body = Buffer.from(JSON.stringify(options.body));
    headers['content-type'] ??= 'application/json';
  }
  return { method: method.toUpperCase(), path: path!, rawQuery: rest.join('?'), headers, body };
}
