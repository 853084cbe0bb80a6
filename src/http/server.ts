// The HTTP server: one catch-all uWS route, listen/close, and draining of in-flight requests.
import { uws } from './uws.ts';
import { createUwsHandler, type Handler } from './uws-adapter.ts';

export interface Server {
  port: number;
  /** Stops accepting connections, waits for in-flight requests (up to timeoutMs). */
  close(timeoutMs?: number): Promise<void>;
}

export async function startServer(handler: Handler, options: { host: string; port: number; maxBodyBytes: number }): Promise<Server> {
  let inFlight = 0;
  let drained: (() => void) | null = null;
  const app = uws.App();
  app.any('/*', createUwsHandler(handler, {
    maxBodyBytes: options.maxBodyBytes,
    onStart: () => { inFlight++; },
    onFinish: () => {
      inFlight--;
      if (inFlight === 0) drained?.();
    },
  }));
  const listenSocket = await new Promise<uws.us_listen_socket>((resolve, reject) => {
    app.listen(options.host, options.port, (socket) => {
      if (socket) resolve(socket);
      else reject(new Error(`Could not listen on ${options.host}:${options.port} (address in use or not available)`));
    });
  });
  const port = uws.us_socket_local_port(listenSocket);
  return {
    port,
    async close(timeoutMs = 10_000) {
      uws.us_listen_socket_close(listenSocket);
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          drained = resolve;
          setTimeout(resolve, timeoutMs).unref();
        });
      }
      (app as unknown as { close?: () => void }).close?.();
    },
  };
}
