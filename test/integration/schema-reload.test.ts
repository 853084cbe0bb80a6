// The schema cache reloads after DDL (event trigger) and on NOTIFY pgrst, 'reload schema'.
import t from 'tap';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const app = await startTestApp();
t.teardown(() => app.close());

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const statusOf = async (target: TestApp, url: string) => (await target.request('GET', url)).status;

t.test('a new table is served after DDL without a restart', async (t) => {
  t.equal(await statusOf(app, '/fresh'), 404);
  await app.sql('create table test.fresh (id int primary key); grant select on test.fresh to anonymous');
  await eventually(async () => (await statusOf(app, '/fresh')) === 200, 'the event trigger reload');
  t.pass('served after the event trigger fired');
});

t.test('NOTIFY pgrst reloads by hand', async (t) => {
  await app.sql('alter event trigger pgrst_watch disable');
  t.teardown(() => app.sql('alter event trigger pgrst_watch enable'));
  await app.sql('create table test.manual (id int); grant select on test.manual to anonymous');
  t.equal(await statusOf(app, '/manual'), 404, 'not visible before the reload');
  await app.sql("notify pgrst, 'reload schema'");
  await eventually(async () => (await statusOf(app, '/manual')) === 200, 'the manual reload');
  t.pass('served after NOTIFY');
});
