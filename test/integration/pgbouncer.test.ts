// Behind PgBouncer in transaction mode (server pool smaller than the client connections), two instances, one per
// executor, with db-prepared-statements=false: many users, mixed shapes, concurrent load, zero errors, zero wrong
// answers. With named statements, errors may happen (the documented reason for the setting) but never a wrong answer.
import t from 'tap';
import { SignJWT } from 'jose';
import { handle, type AppDeps } from '../../src/app.ts';
import { createAuthenticator } from '../../src/auth/create-authenticator.ts';
import { buildConfig } from '../../src/config/config.ts';
import { databaseOptions, openDatabase } from '../../src/db/database.ts';
import { silentLogger } from '../../src/log.ts';
import { introspect } from '../../src/schema/introspect.ts';
import { findPgbouncer, startPgbouncer, type Bouncer } from '../helpers/pgbouncer.ts';
import { toRawRequest } from '../helpers/test-app.ts';
import { createTestDatabase } from '../helpers/test-db.ts';
import { AUTHENTICATOR_PASSWORD, TEST_LOGIN_ROLE } from '../helpers/template.ts';

const SECRET = 'pgbouncer-test-secret-at-least-32-characters';
const USERS = 60;
/** Server connections PgBouncer may open: fewer than the two instances' client connections (2 × 6). */
const SERVER_POOL = 3;

interface Instance {
  name: string;
  deps: AppDeps;
  close(): Promise<void>;
}

async function startInstance(name: string, uri: string, executor: 'pipeline' | 'postgres', prepared: boolean): Promise<Instance> {
  const config = buildConfig({ 'db-uri': uri, 'db-schemas': 'test', 'jwt-secret': SECRET, 'db-pool': '6', 'db-prepared-statements': String(prepared) });
  const db = openDatabase(uri, { ...databaseOptions(config), executor });
  const cache = await introspect(db.query, config.dbSchemas);
  const authenticator = createAuthenticator(config, { log: () => {} });
  return {
    name,
    deps: { config, schemaCache: () => cache, authenticator, executor: db.executor, log: silentLogger },
    async close() {
      authenticator.close();
      await db.close();
    },
  };
}

/** One request of a mixed set, and whether its answer is exactly what user `u` asked for. */
interface Shape {
  label: string;
  method: string;
  url: (u: number, i: number) => string;
  body?: (u: number, i: number) => string;
  headers?: Record<string, string>;
  check(u: number, i: number, status: number, body: any, headers: Record<string, string>): boolean;
}

const own = (u: number, k: number) => k * 100 + u || 1000; // user<u> owns ids k*100+u (user0: 100..1000)
const SHAPES: Shape[] = [
  {
    label: 'row by id',
    method: 'GET',
    url: (u, i) => `/owned_rows?select=id,owner&id=eq.${own(u, 1 + (i % 9))}`,
    check: (u, i, s, b) => s === 200 && b.length === 1 && b[0].id === own(u, 1 + (i % 9)) && b[0].owner === `user${u}`,
  },
  {
    label: 'page, ordered',
    method: 'GET',
    url: () => '/owned_rows?select=id,owner&order=id&limit=4',
    check: (u, _i, s, b) => s === 200 && b.length === 4 && b.every((r: any) => r.owner === `user${u}` && r.id % 100 === u),
  },
  {
    label: 'count=exact',
    method: 'GET',
    url: () => '/owned_rows?select=id&order=id.desc&limit=2',
    headers: { prefer: 'count=exact' },
    check: (u, _i, s, b, h) => (s === 200 || s === 206) && h['content-range'] === '0-1/10' && b.every((r: any) => r.id % 100 === u),
  },
  {
    label: 'embedding',
    method: 'GET',
    url: (u, i) => `/owned_rows?select=id,owned_tags(tag)&id=eq.${own(u, 1 + (i % 9))}`,
    check: (u, i, s, b) => s === 200 && b.length === 1 && b[0].owned_tags?.tag === `tag ${own(u, 1 + (i % 9))}`,
  },
  { label: 'rpc scalar', method: 'GET', url: () => '/rpc/my_user', check: (u, _i, s, b) => s === 200 && b === `user${u}` },
  {
    label: 'rpc setof',
    method: 'GET',
    url: () => '/rpc/my_owned?limit=3',
    check: (u, _i, s, b) => s === 200 && b.length === 3 && b.every((r: any) => r.owner === `user${u}`),
  },
  {
    label: 'insert',
    method: 'POST',
    url: () => '/pooled_notes',
    headers: { prefer: 'return=representation', 'content-type': 'application/json' },
    body: (u, i) => JSON.stringify({ body: `note ${u}/${i}` }),
    check: (u, i, s, b) => s === 201 && b.length === 1 && b[0].owner === `user${u}` && b[0].body === `note ${u}/${i}`,
  },
];

async function load(instances: Instance[], tokens: string[], requests: number) {
  let errors = 0;
  let wrong = 0;
  const samples: string[] = [];
  await Promise.all(
    Array.from({ length: requests }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i % 50));
      const u = (i * 7) % USERS;
      const shape = SHAPES[i % SHAPES.length]!;
      const instance = instances[i % instances.length]!;
      const raw = toRawRequest(shape.method, shape.url(u, i), {
        headers: { ...shape.headers, authorization: `Bearer ${tokens[u]}` },
        body: shape.body?.(u, i),
      });
      const res = await handle(raw, instance.deps);
      const text = res.body === null ? '' : res.body.toString();
      const headers = Object.fromEntries([...res.headers].map(([k, v]) => [k.toLowerCase(), v]));
      if (res.status >= 400) {
        errors++;
        if (samples.length < 5) samples.push(`${instance.name} ${shape.label}: ${res.status} ${text.slice(0, 160)}`);
        return;
      }
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        /* checked below */
      }
      if (!shape.check(u, i, res.status, body, headers)) {
        wrong++;
        if (samples.length < 5) samples.push(`WRONG ${instance.name} ${shape.label} for user${u}: ${res.status} ${text.slice(0, 160)}`);
      }
    }),
  );
  return { errors, wrong, samples };
}

async function runTests(binary: string) {
  const db = await createTestDatabase();
  t.teardown(() => db.drop());
  let bouncer: Bouncer;
  try {
    bouncer = await startPgbouncer(binary, { target: db.uri, user: TEST_LOGIN_ROLE, password: AUTHENTICATOR_PASSWORD, poolSize: SERVER_POOL });
  } catch (error) {
    t.fail(`pgbouncer is installed but did not start: ${(error as Error).message}`);
    return;
  }
  t.teardown(() => bouncer.stop());
  const key = new TextEncoder().encode(SECRET);
  const tokens = await Promise.all(
    Array.from({ length: USERS }, (_, u) => new SignJWT({ sub: `user${u}` }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(key)),
  );

  t.test('db-prepared-statements=false: zero errors, every answer the row its owner asked for', async (t) => {
    const instances = [await startInstance('pipeline', bouncer.uri, 'pipeline', false), await startInstance('postgres.js', bouncer.uri, 'postgres', false)];
    t.teardown(() => Promise.all(instances.map((i) => i.close())));
    const rounds = [];
    for (let round = 0; round < 3; round++) rounds.push(await load(instances, tokens, 700));
    const errors = rounds.reduce((n, r) => n + r.errors, 0);
    const wrong = rounds.reduce((n, r) => n + r.wrong, 0);
    t.comment(
      `behind pgbouncer (transaction mode, ${SERVER_POOL} server connections, 2 × 6 client connections): ${rounds.length * 700} requests, ${errors} errors, ${wrong} wrong answers`,
    );
    t.equal(errors, 0, `no errors ${rounds.flatMap((r) => r.samples).join(' | ')}`);
    t.equal(wrong, 0, 'no wrong answers');
    const servers = await db.admin.query('select count(*)::int as n from pg_stat_activity where usename = $1 and datname = current_database()', [
      TEST_LOGIN_ROLE,
    ]);
    t.ok((servers[0]!.n as number) <= SERVER_POOL, `PgBouncer kept to ${servers[0]!.n} server connections`);
  });

  t.test('named statements behind a transaction pooler may fail, but never run another statement', async (t) => {
    const instances = [
      await startInstance('pipeline (named)', bouncer.uri, 'pipeline', true),
      await startInstance('pipeline (named) #2', bouncer.uri, 'pipeline', true),
    ];
    t.teardown(() => Promise.all(instances.map((i) => i.close())));
    const { errors, wrong, samples } = await load(instances, tokens, 1400);
    t.comment(`named statements behind pgbouncer: 1400 requests, ${errors} errors, ${wrong} wrong answers ${samples.join(' | ')}`);
    t.equal(wrong, 0, 'no wrong answers');
  });
}

const binary = findPgbouncer();
if (binary === null) {
  t.test('transaction pooler (PgBouncer)', { skip: 'pgbouncer is not installed (apt-get install -y pgbouncer; .ci/run installs it when missing)' }, () => {});
} else {
  await runTests(binary);
}
