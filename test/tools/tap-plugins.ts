// tap compiles its Test class with the plugins package.json names (we drop @tapjs/typescript: tsx loads the
// TypeScript). After `npm ci` that class is still tap's default one, and tap rebuilds it only while a run is
// starting, too late for that run: every test file of the first run after an install then also loads ts-node,
// which made a fresh clone's `npm test` take ~550 s instead of ~300. Building first makes the first run like any other.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export async function buildTapPluginsIfStale(): Promise<void> {
  let stale: boolean;
  try {
    const { TapConfig } = await import('@tapjs/config');
    const { signature } = await import('@tapjs/test/test-built');
    stale = (await TapConfig.load()).pluginSignature !== signature;
  } catch {
    return; // tap's internals moved: the run still works, as tap would run it
  }
  if (!stale) return;
  process.stderr.write('tap: building its Test class with the configured plugins (the first run after an install)\n');
  const built = spawnSync(process.execPath, [path.join('node_modules', '.bin', 'tap'), 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error(`tap build failed (exit ${built.status ?? built.signal})`);
}
