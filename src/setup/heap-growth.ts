// V8 lets an isolate's old generation grow to several times its live size before a full collection. Under load a
// server worker promotes the objects of requests still in flight (they outlive two scavenges), so its heap swells
// with garbage: 30–50 MB per worker around 10–20 MB live, 180–210 MB for the process with two workers. Growing by at
// most half the live size between collections keeps it near 150 MB at the same CPU per request (docs/performance.md).
import v8 from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

/**
 * Sets V8's heap growing factor, which every isolate (main thread and server workers) reads at its next collection,
 * unless the operator chose one. Called once serving: start-up builds its schema caches faster with the default.
 */
export function limitHeapGrowth(): void {
  if (!operatorChoseHeapGrowth(process.execArgv, process.env.NODE_OPTIONS)) v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/** `node --heap-growing-percent=…` or the same in NODE_OPTIONS. */
export const operatorChoseHeapGrowth = (execArgv: readonly string[], nodeOptions = ''): boolean =>
  [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => /^--heap[-_]growing[-_]percent(=|$)/.test(arg));
