// `npm test`: starts one embedded PostgreSQL (or uses TEST_DATABASE_URL), builds a template database
// with sql/ and test/fixtures/, runs tap (each test file clones the template), then stops PostgreSQL.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { prepareTemplate } from './helpers/template.ts';
import { startEmbeddedPostgres } from '../src/embedded/embedded-postgres.ts';

const started = Date.now();
let stop = async () => {};
let superUri = process.env.TEST_DATABASE_URL;
if (!superUri) {
  const baseDir = await mkdtemp(path.join(os.tmpdir(), 'pg-data-api-test-'));
  const cluster = await startEmbeddedPostgres({ baseDir, persistent: false });
  superUri = cluster.uri;
  stop = async () => {
    await cluster.stop();
    await rm(baseDir, { recursive: true, force: true });
  };
  process.stderr.write(`test PostgreSQL (embedded) on port ${cluster.port}\n`);
}

let exitCode = 1;
try {
  const env = await prepareTemplate(superUri);
  const tapArgs = process.argv.slice(2);
  exitCode = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [path.join('node_modules', '.bin', 'tap'), ...tapArgs], {
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
} finally {
  await stop();
}
process.stderr.write(`test run finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
process.exit(exitCode);
