// The pipeline executor against a real PostgreSQL (SCRAM auth): errors, read-only, two-phase writes, LRU, cancel, recovery.
import t from 'tap';
import { READ_ONLY_SELECT } from '../../src/query/read-only.ts';
import { createPipelineExecutor } from '../../src/db/pipeline/pipeline-executor.ts';
import { DatabaseError, DatabaseUnavailableError } from '../../src/errors/database-error.ts';
import { sql, param, toStatement, type Statement } from '../../src/query/fragment.ts';
import { createTestDatabase } from '../helpers/test-db.ts';

/** The executor returns every statement's first row; these tests look at the last (main) one. */
const mainRow = (rows: Array<Record<string, unknown> | undefined>): Record<string, unknown> => rows[rows.length - 1] ?? {};

const db = await createTestDatabase();
t.teardown(() => db.drop());
const stmt = (text: string, ...values: unknown[]): Statement => {
  const parts = text.split('?');
  const strings = Object.assign([...parts], { raw: parts }) as unknown as TemplateStringsArray;
  return toStatement(sql(strings, ...values.map((v) => param(v))));
};
const asRole = stmt("SELECT set_config('role', 'authenticated', true)");

t.test('connects with SCRAM-SHA-256 and returns typed rows', async (t) => {
  const ex = createPipelineExecutor(db.uri, { maxConnections: 2 });
  t.teardown(() => ex.close());
  const row = mainRow(
    await ex.run({
      readOnly: true,
      statements: [stmt("SELECT ?::int AS n, ?::bigint AS big, 'x' AS s, null::text AS z, true AS b", '41', '9007199254740993')],
    }),
  );
  t.same(row, { n: 41, big: '9007199254740993', s: 'x', z: null, b: true });
  const method = await db.admin.query(
    "select count(*)::int as n from pg_authid a join pg_roles r on r.oid = a.oid where a.rolname = 'pgdataapi_test_authenticator' and a.rolpassword like 'SCRAM-SHA-256$%'",
  );
  t.equal(method[0]!.n, 1, 'the authenticator password is stored as SCRAM');
});

t.test('a wrong password is a clean unavailable error', async (t) => {
  const url = new URL(db.uri);
  url.password = 'wrong';
  const ex = createPipelineExecutor(url.toString(), { maxConnections: 1 });
  t.teardown(() => ex.close());
  await t.rejects(ex.run({ readOnly: true, statements: [stmt('SELECT 1')] }), DatabaseUnavailableError);
});

t.test('sslmode=require against a server without TLS fails cleanly; prefer falls back', async (t) => {
  const url = new URL(db.uri);
  url.searchParams.set('sslmode', 'require');
  const strict = createPipelineExecutor(url.toString(), { maxConnections: 1 });
  await t.rejects(strict.run({ readOnly: true, statements: [stmt('SELECT 1')] }), /does not support SSL/);
  await strict.close();
  url.searchParams.set('sslmode', 'prefer');
  const lenient = createPipelineExecutor(url.toString(), { maxConnections: 1 });
  t.same(mainRow(await lenient.run({ readOnly: true, statements: [stmt('SELECT 1 AS one')] })), { one: 1 });
  await lenient.close();
});

t.test('errors keep SQLSTATE, message, detail, hint, constraint; failures never poison pipelined neighbours', async (t) => {
  const ex = createPipelineExecutor(db.uri, { maxConnections: 1 });
  t.teardown(() => ex.close());
  mainRow(await ex.run({ readOnly: false, statements: [asRole, stmt('INSERT INTO test.executor_writes VALUES (1, ?) RETURNING 1', 'a')] }));
  const dup = await ex.run({ readOnly: false, statements: [asRole, stmt('INSERT INTO test.executor_writes VALUES (1, ?) RETURNING 1', 'b')] }).catch((e) => e);
  t.ok(dup instanceof DatabaseError);
  t.equal(dup.sqlState, '23505');
  t.equal(dup.constraint, 'executor_writes_pkey');
  t.match(dup.detail, /Key \(id\)=\(1\) already exists/);
  const hinted = await ex.run({ readOnly: true, statements: [stmt('SELECT no_such_function(1)')] }).catch((e) => e);
  t.equal(hinted.sqlState, '42883');
  t.match(hinted.hint, /No function matches/);
  // 60 requests pipelined on one connection: bind errors, parse errors and good ones interleaved.
  const runs = Array.from({ length: 60 }, (_, i) => {
    if (i % 3 === 1) return ex.run({ readOnly: true, statements: [stmt('SELECT ?::int AS n', 'not a number')] });
    if (i % 3 === 2) return ex.run({ readOnly: true, statements: [asRole, stmt(`SELECT missing_column_${i % 2} FROM test.items`)] });
    return ex.run({ readOnly: true, statements: [stmt('SELECT ?::int AS n', String(i))] });
  });
  const settled = await Promise.allSettled(runs);
  settled.forEach((s, i) => {
    if (i % 3 === 0) t.same(s.status === 'fulfilled' && mainRow(s.value), { n: i }, `request ${i} got its own row`);
    else t.equal(s.status === 'rejected' && (s.reason as DatabaseError).sqlState, i % 3 === 1 ? '22P02' : '42703');
  });
});

t.test('read-only requests cannot write; writes commit, roll back on request or when inspect throws', async (t) => {
  const ex = createPipelineExecutor(db.uri, { maxConnections: 2 });
  t.teardown(() => ex.close());
  const ro = await ex.run({ readOnly: true, statements: [asRole, stmt('INSERT INTO test.executor_writes VALUES (10, ?) RETURNING 1', 'x')] }).catch((e) => e);
  t.equal(ro.sqlState, '25006');
  const kept = mainRow(await ex.run({ readOnly: false, statements: [asRole, stmt('INSERT INTO test.executor_writes VALUES (11, ?) RETURNING id', 'kept')] }));
  t.same(kept, { id: 11 });
  const rolled = mainRow(
    await ex.run({ readOnly: false, rollback: true, statements: [asRole, stmt('INSERT INTO test.executor_writes VALUES (12, ?) RETURNING id', 'rolled')] }),
  );
  t.same(rolled, { id: 12 }, 'the row is still returned');
  await t.rejects(
    ex.run({
      readOnly: false,
      inspect: () => {
        throw new Error('PGRST116-like');
      },
      statements: [asRole, stmt('INSERT INTO test.executor_writes VALUES (13, ?) RETURNING id', 'x')],
    }),
    /PGRST116-like/,
  );
  const ids = (await db.admin.query('select id from test.executor_writes where id >= 10 order by id')).map((r) => r.id);
  t.same(ids, [11]);
  // After all that, the connections are idle and usable.
  t.same(mainRow(await ex.run({ readOnly: true, statements: [stmt("SELECT current_setting('transaction_read_only') AS ro")] })), { ro: 'on' });
});

t.test('a read whose first statement makes it read-only gets no statement of ours, and still cannot write', async (t) => {
  const ex = createPipelineExecutor(db.uri, { maxConnections: 1 });
  t.teardown(() => ex.close());
  const folded = stmt(`${READ_ONLY_SELECT} AS ro, set_config('request.method', ?, true) AS method`, 'GET');
  const rows = await ex.run({ readOnly: true, statements: [folded, stmt("SELECT current_setting('transaction_read_only') AS ro")] });
  t.equal(rows.length, 2, "one row per statement of the request's own: nothing was sent ahead of them");
  t.same(rows[0], { ro: 'on', method: 'GET' });
  t.same(rows[1], { ro: 'on' });
  const refused = await ex
    .run({ readOnly: true, statements: [folded, asRole, stmt('INSERT INTO test.executor_writes VALUES (?, ?)', '77', 'x')] })
    .catch((e: unknown) => e);
  t.equal((refused as DatabaseError).sqlState, '25006', 'the write fails: read-only transaction');
  // A read-only spec that does not begin so is made read-only by the executor's own first statement.
  const unfolded = await ex.run({
    readOnly: true,
    statements: [stmt("SELECT set_config('request.method', 'GET', true) AS method"), stmt("SELECT current_setting('transaction_read_only') AS ro")],
  });
  t.same(unfolded, [{ method: 'GET' }, { ro: 'on' }]);
  t.same((await db.admin.query('select count(*)::int as n from test.executor_writes where id = 77'))[0]!.n, 0);
});

t.test('prepared statements are cached per connection with a bound', async (t) => {
  const ex = createPipelineExecutor(db.uri, { maxConnections: 1, maxStatements: 4 });
  t.teardown(() => ex.close());
  for (let i = 0; i < 20; i++) mainRow(await ex.run({ readOnly: true, statements: [stmt(`SELECT ${i} AS n`)] }));
  const row = mainRow(await ex.run({ readOnly: true, statements: [stmt("SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'pgda_%'")] }));
  t.ok((row.n as number) <= 5, `at most the bound (+ the one running) are prepared: ${row.n}`);
  t.equal(ex.stats().prepared, 4);
});

// The executor has no timer of its own: statement_timeout (a role or function setting, applied per transaction) ends a long request.
t.test('a request over its statement_timeout fails with 57014 and the connection stays usable', async (t) => {
  const ex = createPipelineExecutor(db.uri, { maxConnections: 1 });
  t.teardown(() => ex.close());
  const started = Date.now();
  const err = await ex
    .run({ readOnly: true, statements: [stmt("SELECT set_config('statement_timeout', '200', true)"), stmt('SELECT pg_sleep(5)')] })
    .catch((e) => e);
  t.equal(err.sqlState, '57014');
  t.match(err.message, /statement timeout/);
  t.ok(Date.now() - started < 3000);
  t.same(
    mainRow(await ex.run({ readOnly: true, statements: [stmt("SELECT 2 AS n, current_setting('statement_timeout') AS timeout")] })),
    { n: 2, timeout: '0' },
    'the setting ended with its transaction',
  );
});

t.test('connections killed mid-load: in-flight requests fail as unavailable, then the executor reconnects', async (t) => {
  const ex = createPipelineExecutor(db.uri, { maxConnections: 2 });
  t.teardown(() => ex.close());
  mainRow(await ex.run({ readOnly: true, statements: [stmt('SELECT 1')] }));
  const inFlight = Array.from({ length: 20 }, () => ex.run({ readOnly: true, statements: [stmt('SELECT pg_sleep(0.05), 1 AS n')] }));
  await new Promise((r) => setTimeout(r, 20));
  await db.admin.query(
    "select pg_terminate_backend(pid) from pg_stat_activity where usename = 'pgdataapi_test_authenticator' and datname = current_database()",
  );
  const settled = await Promise.allSettled(inFlight);
  // Reads cut off before they ran are retried on a fresh connection; one the server killed mid-statement reports 57P01.
  for (const s of settled) {
    if (s.status === 'fulfilled') t.same(mainRow(s.value).n, 1, 'a retried read got its row');
    else t.ok(s.reason instanceof DatabaseUnavailableError || s.reason.sqlState === '57P01', `clean failure: ${s.reason.message}`);
  }
  t.same(mainRow(await ex.run({ readOnly: true, statements: [stmt('SELECT 3 AS n')] })), { n: 3 }, 'recovered without a restart');
});

t.test('an aborted request is cancelled without cancelling the request pipelined ahead of it', async (t) => {
  const ex = createPipelineExecutor(db.uri, { maxConnections: 1, pipelineYoungMs: 60_000 });
  t.teardown(() => ex.close());
  // Open the connection first, and run the shape ahead once so it is known (a first-seen shape is never
  // pipelined behind), so the two requests below are pipelined in the order they are issued.
  await ex.run({ readOnly: true, statements: [stmt('SELECT pg_sleep(0.3), 1 AS n')] });
  const controller = new AbortController();
  const ahead = ex.run({ readOnly: true, statements: [stmt('SELECT pg_sleep(0.3), 1 AS n')] });
  const started = Date.now();
  const behind = ex.run({ readOnly: true, signal: controller.signal, statements: [stmt('SELECT pg_sleep(5), 2 AS n')] }).catch((e) => e);
  setTimeout(() => controller.abort(), 50);
  t.match(mainRow(await ahead), { n: 1 }, 'the request ahead finished normally');
  t.equal((await behind).sqlState, '57014', 'the aborted one was cancelled once it started running');
  t.ok(Date.now() - started < 3000);
  t.same(mainRow(await ex.run({ readOnly: true, statements: [stmt('SELECT 4 AS n')] })), { n: 4 });
  const already = new AbortController();
  already.abort();
  t.equal((await ex.run({ readOnly: true, signal: already.signal, statements: [stmt('SELECT 5')] }).catch((e) => e)).sqlState, '57014');
});

t.test('concurrent writes never share a connection mid-transaction, and reads never run inside one', async (t) => {
  const ex = createPipelineExecutor(db.uri, { maxConnections: 2 });
  t.teardown(() => ex.close());
  // Half of the writes fail (duplicate key) while reads run alongside; every request must see only its own transaction.
  const runs = Array.from({ length: 120 }, (_, i) => {
    if (i % 2 === 0) {
      return ex
        .run({ readOnly: false, statements: [asRole, stmt('INSERT INTO test.executor_writes VALUES (?, ?) RETURNING id', String(1000 + ((i / 2) % 4)), 'w')] })
        .then(
          () => 'ok',
          (e: Error & { sqlState?: string }) => e.sqlState ?? e.message,
        );
    }
    return ex
      .run({ readOnly: true, statements: [stmt("SELECT current_setting('transaction_read_only') AS ro, txid_current_if_assigned() AS xid")] })
      .then((rows) => {
        const row = mainRow(rows);
        return row.ro === 'on' && row.xid === null ? 'read' : `read inside a write: ${JSON.stringify(row)}`;
      });
  });
  const outcomes = await Promise.all(runs);
  const unexpected = outcomes.filter((o) => o !== 'ok' && o !== 'read' && o !== '23505');
  t.same(unexpected, [], 'only successes, clean reads and duplicate-key errors');
  t.equal(outcomes.filter((o) => o === 'ok').length, 4, 'exactly one insert per distinct id committed');
});

t.test('a write without inspect or rollback is one implicit transaction: all or nothing', async (t) => {
  const ex = createPipelineExecutor(db.uri, { maxConnections: 1 });
  t.teardown(() => ex.close());
  const insert = (id: number) => stmt('INSERT INTO test.executor_writes VALUES (?, ?) RETURNING id', String(id), 'implicit');
  t.same(mainRow(await ex.run({ readOnly: false, statements: [asRole, insert(2001), insert(2002)] })), { id: 2002 });
  const failed = await ex.run({ readOnly: false, statements: [asRole, insert(2003), insert(2001)] }).catch((e) => e);
  t.equal(failed.sqlState, '23505');
  const ids = (await db.admin.query('select id from test.executor_writes where id between 2001 and 2003 order by id')).map((r) => r.id);
  t.same(ids, [2001, 2002], 'the failed transaction left nothing behind (2003 rolled back with it)');
  t.same(mainRow(await ex.run({ readOnly: true, statements: [stmt('SELECT 7 AS n')] })), { n: 7 }, 'the connection is clean afterwards');
});

t.test('a cancel is never sent while another request is queued behind the aborted one', async (t) => {
  const ex = createPipelineExecutor(db.uri, { maxConnections: 1, pipelineYoungMs: 60_000 });
  t.teardown(() => ex.close());
  await ex.run({ readOnly: true, statements: [stmt('SELECT pg_sleep(0.3), 1 AS n')] }); // a known shape: pipelined behind
  const controller = new AbortController();
  const aborted = ex.run({ readOnly: true, signal: controller.signal, statements: [stmt('SELECT pg_sleep(0.3), 1 AS n')] }).catch((e) => e);
  const behind = ex.run({ readOnly: true, statements: [stmt('SELECT 2 AS n')] });
  setTimeout(() => controller.abort(), 20);
  t.same(mainRow(await behind), { n: 2 }, 'the request behind was not cancelled');
  t.same(mainRow(await aborted), { pg_sleep: '', n: 1 }, 'with a request behind it, the aborted one ran to completion instead');
});
