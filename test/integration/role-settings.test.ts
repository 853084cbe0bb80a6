// Impersonated role settings and hoisted function settings, on either executor: they apply transaction-locally
// to the request's role or function, time out slow calls, choose the isolation level, and never leak.
import t from 'tap';
import { createTokenMinter } from '../helpers/tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const minter = await createTokenMinter();
// One connection: every request below runs on the same one, so a leaked setting would show.
const app = await startTestApp({ 'db-pool': '1', 'jwt-role-claim-key': '.app_role' }, { keySets: minter.keySets });
t.teardown(() => app.close());
const as = async (role: string) => ({ headers: await minter.bearer('someone', { app_role: role }) });
const DEFAULTS = { statement_timeout: '0', isolation: 'read committed', work_mem: '4MB', greeting: null };

async function settingsOf(target: TestApp, role: string | null) {
  const res = await target.request('GET', '/tx_settings', role ? await as(role) : {});
  t.equal(res.status, 200, res.body);
  return res.json()[0];
}

t.test('the role settings are in the schema cache, only the ones the authenticator may apply', async (t) => {
  const cache = app.schema.current.roleSettings;
  t.same(cache.get('executor_timeout'), { settings: [['statement_timeout', '1s']], isolation: null });
  t.same(cache.get('executor_serializable'), { settings: [], isolation: 'serializable' });
  t.same(
    cache.get('executor_custom')?.settings,
    [
      ['app.greeting', 'hello from the role'],
      ['work_mem', '8MB'],
    ],
    'log_statement (superuser only) is left out',
  );
});

t.test("a role's settings apply to its requests, and only to them", async (t) => {
  t.same(await settingsOf(app, 'executor_custom'), {
    statement_timeout: '0',
    isolation: 'read committed',
    work_mem: '8MB',
    greeting: 'hello from the role',
    role: 'executor_custom',
  });
  t.same(await settingsOf(app, null), { ...DEFAULTS, role: 'anonymous' }, 'the next request on the same connection sees none of them');
  t.same(await settingsOf(app, 'executor_timeout'), { ...DEFAULTS, statement_timeout: '1s', role: 'executor_timeout' });
  t.same(await settingsOf(app, null), { ...DEFAULTS, role: 'anonymous' });
});

t.test('a 5 s call by a role with statement_timeout = 1s fails with 57014 after about 1 s; the connection is clean', async (t) => {
  const started = Date.now();
  const res = await app.request('GET', '/rpc/slow_ro?s=5', await as('executor_timeout'));
  const elapsed = Date.now() - started;
  t.equal(res.status, 500);
  t.match(res.json(), { code: '57014', message: 'canceling statement due to statement timeout' });
  t.ok(elapsed >= 900 && elapsed < 3000, `failed after ${elapsed} ms`);
  t.same(await settingsOf(app, null), { ...DEFAULTS, role: 'anonymous' }, 'the next request on that connection has no timeout');
  const ok = await app.request('GET', '/rpc/slow_ro?s=1.5');
  t.equal(ok.status, 200, 'and a 1.5 s call by another role completes');
});

t.test('default_transaction_isolation of the role begins the transaction at that level', async (t) => {
  t.same(await settingsOf(app, 'executor_serializable'), { ...DEFAULTS, isolation: 'serializable', role: 'executor_serializable' });
  t.same(await settingsOf(app, null), { ...DEFAULTS, role: 'anonymous' });
  // Writes too (a serializable read-write transaction).
  const res = await app.request('POST', '/rpc/tx_isolation', await as('executor_serializable'));
  t.equal(res.status, 200);
  t.equal(res.json(), 'repeatable read', "the function's own (hoisted) level wins over the role's");
});

t.test('function settings are hoisted per db-hoisted-tx-settings', async (t) => {
  const started = Date.now();
  const timedOut = await app.request('GET', '/rpc/slow_with_timeout?s=3');
  t.equal(timedOut.status, 500);
  t.match(timedOut.json(), { code: '57014' });
  t.ok(Date.now() - started < 2000, `the function's 500 ms statement_timeout governed the call (${Date.now() - started} ms)`);
  t.equal((await app.request('GET', '/rpc/tx_isolation')).json(), 'repeatable read');
  t.same(await settingsOf(app, null), { ...DEFAULTS, role: 'anonymous' }, 'nothing leaks');

  const unhoisted = await startTestApp({ 'db-hoisted-tx-settings': 'work_mem' });
  t.teardown(() => unhoisted.close());
  const slow = await unhoisted.request('GET', '/rpc/slow_with_timeout?s=1');
  t.equal(slow.status, 200, 'not hoisted: a SET clause takes effect only after the statement timer started, as in plain PostgreSQL');
  t.equal((await unhoisted.request('GET', '/rpc/tx_isolation')).json(), 'read committed');
});

t.test('reloading the schema cache picks up changed role settings', async (t) => {
  await app.sql("alter role executor_custom set work_mem = '6MB'");
  t.teardown(() => app.sql("alter role executor_custom set work_mem = '8MB'"));
  await app.schema.reload();
  t.equal((await settingsOf(app, 'executor_custom')).work_mem, '6MB');
});
