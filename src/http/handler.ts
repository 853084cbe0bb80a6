// The seam every engine implements: a Handler (RawRequest in, HttpResponse out), how to listen, what a server offers.
import type { HttpResponse } from '../response/http-response.ts';
import type { RawRequest } from './raw-request.ts';
import type { Engine } from './engine.ts';

export type Handler = (raw: RawRequest) => Promise<HttpResponse>;

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
  /**
   * Share host:port with the other server workers of this process (SO_REUSEPORT). Off by default: a busy port is an
   * error. The main thread probes the port exclusively before its workers listen with this on.
   */
  reusePort?: boolean;
}
