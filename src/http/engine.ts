// Chooses the HTTP engine at start-up: native uWebSockets.js when a binary loads, else our node:http adapter.
import { loadNativeUws, type Uws } from './uws.ts';

export type EngineChoice = 'auto' | 'uws' | 'node';

export type Engine = { kind: 'uws'; uws: Uws; description: string } | { kind: 'node'; description: string };

export class EngineUnavailableError extends Error {}

/** `auto`: uWS if a native binary loads, else node:http; `uws`: native or an error; `node`: always node:http. */
export function selectEngine(choice: EngineChoice): Engine {
  if (choice === 'node') return { kind: 'node', description: 'node:http (chosen by --server-engine node)' };
  const loaded = loadNativeUws();
  if (loaded.uws) return { kind: 'uws', uws: loaded.uws, description: `uWebSockets.js (native) from ${loaded.loadedFrom}` };
  const why = loaded.failures.join('; ');
  if (choice === 'uws')
    throw new EngineUnavailableError(`--server-engine uws: no native uWebSockets.js binary loads on Node ${process.versions.node} (${why})`);
  return { kind: 'node', description: `node:http, because no native uWebSockets.js binary loads on Node ${process.versions.node} (${why})` };
}
