// Fuzz campaign through app.handle: seeded, bounded mutations of URLs, headers and bodies must never give a 5xx,
// leak SQL text or a stack, touch the canary, or take the server down. `npm run fuzz -- --seed N --count M` runs longer.
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';
import { createTokenMinter } from '../helpers/tokens.ts';
import { createRandom, generateRequest, type FuzzRequest } from './mutate.ts';

const seed = Number(process.env.FUZZ_SEED ?? 20261201);
const count = Number(process.env.FUZZ_COUNT ?? 4000);
t.setTimeout(60_000 + count * 100);

// Keys configured (without any, a token is PGRST300, a 500 in PostgREST too); a valid token is mixed in as well.
const minter = await createTokenMinter();
const validToken = await minter.tokenFor('fuzzer');
const app = await startTestApp({ 'jwt-role-claim-key': '.role' }, { keySets: minter.keySets }, async (db) => {
  // Outside the exposed schema but writable by the request roles: only SQL the API did not mean to run could change it.
  await db.admin.runScript(`create schema fuzz_private;
    create table fuzz_private.canary (id int primary key, note text);
    insert into fuzz_private.canary values (1, 'untouched'), (2, 'also untouched');
    grant usage on schema fuzz_private to anonymous, authenticated;
    grant select, insert, update, delete on fuzz_private.canary to anonymous, authenticated;`);
});
t.teardown(() => app.close());

/** Text that only the server could have produced: generated SQL, PostgreSQL parse errors, JS stacks. */
const LEAKS =
  /syntax error at or near|unterminated quoted (string|identifier)|pgrst_source|set_config\(|pg_catalog\.count|\bat [\w.<>]+ \(|node:internal|\.ts:\d+:\d+|RangeError|TypeError/;

const snapshot = async () =>
  JSON.stringify({
    canary: await app.sql('select * from fuzz_private.canary order by id'),
    roles: await app.sql('select count(*)::int as n from pg_roles'),
    relations: await app.sql(
      `select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname in ('test', 'fuzz_private')`,
    ),
  });

t.test(`seed ${seed}: ${count} mutated requests`, async (t) => {
  const before = await snapshot();
  const random = createRandom(seed);
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  for (let i = 0; i < count && failures.length < 20; i++) {
    const request: FuzzRequest = generateRequest(random);
    if (request.headers.authorization === 'Bearer valid') request.headers.authorization = `Bearer ${validToken}`;
    let problem: string | null = null;
    try {
      const res = await app.request(request.method, request.url, { headers: request.headers, body: request.body });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500) problem = `status ${res.status}: ${res.body.slice(0, 300)}`;
      else if (LEAKS.test(res.body)) problem = `leak: ${res.body.slice(0, 300)}`;
    } catch (error) {
      problem = `threw: ${error instanceof Error ? error.stack : String(error)}`;
    }
    if (problem)
      failures.push(
        `#${i} ${request.method} ${request.url.slice(0, 300)} ${JSON.stringify(request.headers).slice(0, 200)} ${request.body?.slice(0, 200) ?? ''}\n  → ${problem}`,
      );
  }
  t.same(failures, [], `no 5xx and no leaks (statuses: ${JSON.stringify(Object.fromEntries(statuses))}; replay with FUZZ_SEED=${seed})`);
  t.equal(await snapshot(), before, 'canary, roles and relations unchanged');
  const alive = await app.request('GET', '/items?select=id&order=id');
  t.equal(alive.status, 200, 'still serving');
  t.same(
    alive.json().map((r: { id: number }) => r.id),
    [1, 2, 3, 4, 5],
  );
});
