// `npm test`: starts one embedded PostgreSQL (or uses TEST_DATABASE_URL), builds a template database
// with sql/ and test/fixtures/, runs tap (each test file clones the template), then stops PostgreSQL.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { prepareTemplate } from './helpers/template.ts';
import { startEmbeddedPostgres } from '../src/embedded/embedded-postgres.ts';
import { buildTapPluginsIfStale } from './tools/tap-plugins.ts';

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
  // Interrupted (Ctrl-C, CI timeout): stop the server instead of leaving it running.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().finally(() => process.exit(130)));
}

let exitCode = 1;
let closingLine = '';
try {
  await buildTapPluginsIfStale();
  const env = await prepareTemplate(superUri);
  // One tap job per CPU (package.json's `jobs` is the fallback when this is overridden with -j).
  const givenJobs = process.argv.some((arg) => arg === '-j' || arg.startsWith('--jobs') || /^-j\d+$/.test(arg));
  const tapArgs = givenJobs ? process.argv.slice(2) : [`--jobs=${os.availableParallelism()}`, ...process.argv.slice(2)];
  exitCode = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [path.join('node_modules', '.bin', 'tap'), ...tapArgs], {
      stdio: ['inherit', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    });
    // Pass tap's output through, and remember its summary (`# { total: N, pass: N, fail: N }`).
    let tail = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString()).slice(-2000);
    });
    child.on('exit', (code, signal) => {
      const summary = /# \{ total: (\d+), pass: (\d+)(?:, fail: (\d+))?(?:, skip: (\d+))?/.exec(tail);
      if (summary) {
        const skipped = summary[4] ? `, ${summary[4]} skipped` : '';
        closingLine = `${summary[2]} passed, ${summary[3] ?? 0} failed${skipped}\n`;
      }
      resolve(code ?? (signal ? 1 : 0));
    });
  });
} finally {
  await stop();
}
process.stderr.write(`test run finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
// A plain `N passed, N failed` line last, for tools that read a run's closing line.
process.stdout.write(closingLine);
process.exit(exitCode);
