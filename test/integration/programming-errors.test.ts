// A bug during a request (a TypeError in a pre-commit check) is a 500 with a log line on both executors, never a 503, and rolls back.
import t from 'tap';
import { handle, type AppDeps } from '../../src/app.ts';
import { openDatabase } from '../../src/db/database.ts';
import type { Executor } from '../../src/db/executor.ts';
import { silentLogger } from '../../src/log.ts';
import { startTestApp, toRawRequest } from '../helpers/test-app.ts';

const app = await startTestApp();
t.teardown(() => app.close());

for (const kind of ['pipeline', 'postgres'] as const) {
  t.test(`${kind} executor`, async (t) => {
    const db = openDatabase(app.testDb.uri, { pool: 2, executor: kind });
    t.teardown(() => db.close());
    // The real executor; only the pre-commit check has a bug.
    const executor: Executor = {
      run: (spec) =>
        db.executor.run({
          ...spec,
          inspect: () => {
            throw new TypeError("Cannot read properties of undefined (reading 'x')");
          },
        }),
      close: () => db.executor.close(),
    };
    const logged: string[] = [];
    const log = { ...silentLogger, error: (message: string) => void logged.push(message) };
    const deps: AppDeps = { ...app.deps, executor, log };
    const title = `bug-${kind}`;
    const res = await handle(toRawRequest('POST', '/tasks', { body: { title } }), deps);
    t.equal(res.status, 500, 'a bug is a 500');
    t.equal(JSON.parse(String(res.body)).code, 'PGRSTX00');
    t.same(logged, ['unexpected error'], 'and is logged');
    t.same(await app.sql('select 1 from test.tasks where title = $1', [title]), [], 'the write was rolled back');
  });
}
