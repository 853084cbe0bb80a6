// What PostgreSQL does with a statement_timeout set transaction-locally inside one pipeline (one Sync): the
// settings statement's value governs the statements after it, each with a fresh timer (verified on PostgreSQL 17).
import t from 'tap';
import { createPipelineExecutor } from '../../src/db/pipeline/pipeline-executor.ts';
import { sql, toStatement, type Statement } from '../../src/query/fragment.ts';
import { createTestDatabase } from '../helpers/test-db.ts';

const db = await createTestDatabase();
t.teardown(() => db.drop());
const stmt = (text: string): Statement => toStatement(sql(Object.assign([text], { raw: [text] }) as unknown as TemplateStringsArray));
const setTimeoutTo = (value: string) => stmt(`SELECT set_config('statement_timeout', '${value}', true)`);
const ex = createPipelineExecutor(db.uri, { maxConnections: 1 });
t.teardown(() => ex.close());

async function timed(statements: Statement[], options: { readOnly?: boolean; rollback?: boolean } = {}) {
  const started = Date.now();
  const outcome = await ex.run({ readOnly: options.readOnly ?? true, rollback: options.rollback, statements }).then(
    () => 'ok',
    (e: { sqlState?: string }) => e.sqlState ?? String(e),
  );
  return { outcome, ms: Date.now() - started };
}

t.test('set by the first statement, it governs a later statement of the same implicit transaction', async (t) => {
  for (const readOnly of [true, false]) {
    const { outcome, ms } = await timed([setTimeoutTo('300ms'), stmt('SELECT pg_sleep(3)')], { readOnly });
    t.equal(outcome, '57014', readOnly ? 'read' : 'one-round-trip write');
    t.ok(ms >= 250 && ms < 2000, `cancelled after ${ms} ms`);
  }
  const { outcome, ms } = await timed([setTimeoutTo('300ms'), stmt('SELECT pg_sleep(3)')], { readOnly: false, rollback: true });
  t.equal(outcome, '57014', 'two-phase (BEGIN … Sync) transaction');
  t.ok(ms < 2000, `cancelled after ${ms} ms`);
});

t.test('each later statement gets a fresh timer (armed per Execute), not one for the whole pipeline', async (t) => {
  const { outcome, ms } = await timed([setTimeoutTo('400ms'), stmt('SELECT pg_sleep(0.3)'), stmt('SELECT pg_sleep(0.3)'), stmt('SELECT pg_sleep(3)')]);
  t.equal(outcome, '57014');
  t.ok(ms >= 900, `0.3 s + 0.3 s ran to completion, the third was cancelled at its own 400 ms (${ms} ms in all)`);
});

t.test('it does not govern the statement that sets it (its timer was armed before)', async (t) => {
  const { outcome, ms } = await timed([stmt("SELECT set_config('statement_timeout', '100ms', true), pg_sleep(0.5)")]);
  t.equal(outcome, 'ok');
  t.ok(ms >= 450, `${ms} ms`);
});

t.test('it ends with the transaction: the next request on the connection has the session value', async (t) => {
  await timed([setTimeoutTo('100ms'), stmt('SELECT pg_sleep(1)')]);
  const rows = await ex.run({ readOnly: true, statements: [stmt("SELECT current_setting('statement_timeout') AS t")] });
  t.same(rows.at(-1), { t: '0' });
  t.equal(ex.stats().open, 1, 'all on one connection');
});
