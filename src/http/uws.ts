// Loads a native uWebSockets.js binary for the running Node, by file, so no package can swap in its JS shim.
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as UwsModule from 'uWebSockets.js';

export type Uws = typeof UwsModule;

/** Where each package keeps its binaries; both name them uws_<platform>_<arch>_<ABI>.node. */
const CANDIDATES = [
  // Node ≤ 20 (ABI 93/108/115). Its uws.js falls back to a `ws` shim silently, hence loading the file itself.
  { name: 'uWebSockets.js', label: '@trufflesuite/uws-js-unofficial 20.30', binaries: (root: string) => path.join(root, 'binaries') },
  // Node 20/22/24/25 (ABI 115/127/137/141); built against glibc 2.38.
  { name: '@btc-vision/uwebsockets.js', label: '@btc-vision/uwebsockets.js 20.57', binaries: (root: string) => root },
] as const;

export interface UwsLoad {
  uws: Uws | null;
  /** The package whose binary loaded, or null. */
  loadedFrom: string | null;
  /** One short reason per package that did not load (for the start-up line). */
  failures: string[];
}

let cached: UwsLoad | null = null;

export function loadNativeUws(): UwsLoad {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const binary = `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`;
  const failures: string[] = [];
  for (const candidate of CANDIDATES) {
    let file: string;
    try {
      // The packages' entry files sit at different depths; their package.json is at the root of both.
      const entry = require.resolve(candidate.name);
      file = path.join(candidate.binaries(packageRoot(entry, candidate.name)), binary);
    } catch {
      failures.push(`${candidate.label}: not installed`);
      continue;
    }
    try {
      const uws = require(file) as Uws;
      return (cached = { uws, loadedFrom: candidate.label, failures });
    } catch (error) {
      failures.push(`${candidate.label}: ${shortReason(error, binary)}`);
    }
  }
  return (cached = { uws: null, loadedFrom: null, failures });
}

function packageRoot(entry: string, name: string): string {
  const marker = `${path.sep}node_modules${path.sep}${name.split('/').join(path.sep)}${path.sep}`;
  const at = entry.lastIndexOf(marker);
  if (at === -1) throw new Error(`cannot locate ${name}`);
  return entry.slice(0, at + marker.length - 1);
}

function shortReason(error: unknown, binary: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const glibc = /GLIBC_[\d.]+/.exec(message);
  if (glibc) return `needs ${glibc[0]} (this system has glibc ${glibcVersion() ?? 'unknown'})`;
  if (/Cannot find module|ENOENT/.test(message)) return `no ${binary} (Node ${process.versions.node}, ABI ${process.versions.modules})`;
  return message.split('\n')[0]!.slice(0, 160);
}

function glibcVersion(): string | null {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header?.glibcVersionRuntime ?? null;
}
