#!/usr/bin/env node
// Bundles src/main.ts into dist/main.mjs with esbuild, so production runs on plain node (no tsx loader:
// about 40 MB less memory). dist/ sits beside src/, so paths relative to the project root stay the same.
// The server workers' entry (src/workers/worker-main.ts) becomes worker-main.mjs next to it: the main bundle
// starts its workers from the file beside itself (src/workers/worker-pool.ts).
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function buildServer(outfile = path.join(root, 'dist', 'main.mjs')) {
  await build({
    entryPoints: [
      { in: path.join(root, 'src', 'main.ts'), out: path.basename(outfile, '.mjs') },
      { in: path.join(root, 'src', 'workers', 'worker-main.ts'), out: 'worker-main' },
    ],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    outdir: path.dirname(outfile),
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildServer();
