// The HTTP server seam: one Handler (RawRequest → HttpResponse) served by the engine chosen at start-up.
import { selectEngine } from './engine.ts';
import { startNodeServer } from './node-server.ts';
import { startUwsServer } from './uws-server.ts';
import type { Handler, Server, ServerOptions } from './handler.ts';

export type { Handler, Server, ServerOptions } from './handler.ts';

export async function startServer(handler: Handler, options: ServerOptions): Promise<Server> {
  const engine = options.engine ?? selectEngine('auto');
  if (engine.kind === 'uws') return startUwsServer(engine.uws, handler, { ...options, description: engine.description });
  return startNodeServer(handler, { ...options, description: engine.description });
}
