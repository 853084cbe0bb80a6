// The HTTP server seam: one Handler (RawRequest → HttpResponse) served by the engine chosen at start-up.
import { selectEngine, type Engine } from './engine.ts';
import { startNodeServer } from './node-server.ts';
import { startUwsServer } from './uws-server.ts';
import type { Handler } from './handler.ts';

export type { Handler } from './handler.ts';

export interface Server {
  /** The TCP port (0 on a Unix socket). */
  port: number;
  /** What answers requests, e.g. "uWebSockets.js (native) from …" or "node:http, because …". */
  engine: string;
  /** Stops accepting connections, waits for in-flight requests (up to timeoutMs). */
  close(timeoutMs?: number): Promise<void>;
}

export interface ServerOptions {
  host: string;
  port: number;
  maxBodyBytes: number;
  /** Default: selectEngine('auto'); main.ts passes the engine --server-engine chose. */
  engine?: Engine;
  /** Listen on this Unix socket instead of host:port. */
  unixSocket?: string | null;
  /** Octal permission bits for the socket file, e.g. 0o660. */
  unixSocketMode?: number;
}

export async function startServer(handler: Handler, options: ServerOptions): Promise<Server> {
  const engine = options.engine ?? selectEngine('auto');
  if (engine.kind === 'uws') return startUwsServer(engine.uws, handler, { ...options, description: engine.description });
  return startNodeServer(handler, { ...options, description: engine.description });
}
