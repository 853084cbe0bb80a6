// The native uWebSockets.js engine: one catch-all route, exclusive listen (TCP or Unix socket; shared by server workers), draining on close.
import { createUwsHandler } from './uws-adapter.ts';
import type { Handler, Server, ServerOptions } from './handler.ts';
import type { Uws } from './uws.ts';
import { prepareUnixSocket, setSocketMode } from './unix-socket.ts';

type us_listen_socket = import('uWebSockets.js').us_listen_socket;
/** uSockets' ListenOptions flag (an ambient enum in the typings, so spelled out here). */
const LIBUS_LISTEN_EXCLUSIVE_PORT = 1;

export async function startUwsServer(uws: Uws, handler: Handler, options: ServerOptions & { description: string }): Promise<Server> {
  let inFlight = 0;
  let drained: (() => void) | null = null;
  const app = uws.App();
  app.any(
    '/*',
    createUwsHandler(handler, {
      maxBodyBytes: options.maxBodyBytes,
      onStart: () => {
        inFlight++;
      },
      onFinish: () => {
        inFlight--;
        if (inFlight === 0) drained?.();
      },
    }),
  );
  const unixSocket = options.unixSocket ?? null;
  if (unixSocket !== null) await prepareUnixSocket(unixSocket);
  const listenSocket = await new Promise<us_listen_socket>((resolve, reject) => {
    const done = (socket: us_listen_socket | false) => {
      if (socket) resolve(socket);
      else
        reject(
          new Error(
            unixSocket !== null
              ? `Could not listen on the Unix socket ${unixSocket}`
              : `Could not listen on ${options.host}:${options.port}: the address is in use (another process, perhaps another pg-data-api?) or not available`,
          ),
        );
    };
    if (unixSocket !== null) app.listen_unix(done, unixSocket);
    // LIBUS_LISTEN_EXCLUSIVE_PORT: without it uSockets sets SO_REUSEPORT and a second instance would share the port silently;
    // only server workers (reusePort) leave it off, after the main thread's exclusive probe of the port.
    else
      (app.listen as unknown as (host: string, port: number, flags: number, cb: typeof done) => void)(
        options.host,
        options.port,
        options.reusePort ? 0 : LIBUS_LISTEN_EXCLUSIVE_PORT,
        done,
      );
  });
  if (unixSocket !== null && options.unixSocketMode !== undefined) await setSocketMode(unixSocket, options.unixSocketMode);
  const port = unixSocket !== null ? 0 : uws.us_socket_local_port(listenSocket);
  return {
    port,
    engine: options.description,
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
