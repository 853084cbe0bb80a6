// `npm run test:unit`: the tests that need no database, no socket and no child process, in one process (seconds).
import { readdirSync } from 'node:fs';
import path from 'node:path';

const root = import.meta.dirname;
/** Whole folders of pure stages, plus single pure files elsewhere. */
const FOLDERS = ['request', 'plan', 'query', 'response'];
const FILES = [
  'import-cycles.test.ts',
  'log.test.ts',
  'admin/redact-query.test.ts',
  'auth/parse-authorization.test.ts',
  'auth/role-claim.test.ts',
  'auth/validate-claims.test.ts',
  'auth/token-cache.test.ts',
  'config/config.test.ts',
  'config/pool-settings.test.ts',
  'config/server-workers-setting.test.ts',
  'heap-growth.test.ts',
  'auth/shared-key-source.test.ts',
  'workers/worker-count.test.ts',
  'db/protocol-reader.test.ts',
  'db/connection-target.test.ts',
  'schema/relationships.test.ts',
  'schema/view-columns.test.ts',
];

const files = [
  ...FOLDERS.flatMap((folder) =>
    readdirSync(path.join(root, folder))
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => path.join(folder, f)),
  ),
  ...FILES,
];
// Every file adds its subtests to tap's one root test; tap prints the summary and sets the exit code.
for (const file of files) await import(path.join(root, file));
