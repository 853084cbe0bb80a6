// The production bundle (what `npm start` and the Docker image run) builds and answers --version and --help.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';

const root = path.resolve(import.meta.dirname, '..', '..');

t.test('bin/build.mjs bundles src/main.ts and the bundle runs on plain node', async (t) => {
  const { buildServer } = (await import(path.join(root, 'bin', 'build.mjs'))) as { buildServer: (out?: string) => Promise<string> };
  // Same depth as dist/main.mjs, so the project root resolves the same way.
  const dir = mkdtempSync(path.join(root, '.bundle-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const outfile = path.join(dir, 'main.mjs');
  await buildServer(outfile);
  const version = execFileSync(process.execPath, [outfile, '--version'], { encoding: 'utf8' });
  t.match(version, /^pg-data-api \d+\.\d+\.\d+/);
  const help = execFileSync(process.execPath, [outfile, '--help'], { encoding: 'utf8' });
  t.match(help, /--db-uri/);
  t.match(help, /--jwks-url/);
});
