// The node:http engine: the same Handler where no native uWebSockets.js binary loads. Only speed differs.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { ListenOptions, Socket } from 'node:net';
import type { HttpResponse } from '../response/http-response.ts';
import { errorResponse } from '../response/error-response.ts';
import { ApiError } from '../errors/api-error.ts';
import { listenError } from './listen-error.ts';
import { expectedBody, MAX_HEADER_BYTES } from './framing.ts';
import type { Handler, Server, ServerOptions } from './handler.ts';
import { bodyTooLarge, refuseBeforeBody } from './transport-response.ts';
import { prepareUnixSocket, setSocketMode } from './unix-socket.ts';

export async function startNodeServer(handler: Handler, options: ServerOptions & { description: string }): Promise<Server> {
  let inFlight = 0;
  let drained: (() => void) | null = null;
  const server = http.createServer(
    {
      maxHeaderSize: MAX_HEADER_BYTES,
      // llhttp's strict mode refuses CL+TE, repeated or non-numeric Content-Length (clientError below answers 400).
      insecureHTTPParser: false,
      keepAliveTimeout: 10_000,
      // Node's defaults stay: headers within 60 s, the whole request within 300 s (slow-loris bounds; 408 below).
    },
    (req, res) => {
      inFlight++;
      // serve() catches the handler's errors itself; a failed socket write must not end the process.
      void serve(handler, req, res, options.maxBodyBytes)
        .catch(() => res.destroy())
        .finally(() => {
          inFlight--;
          if (inFlight === 0) drained?.();
        });
    },
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const body = JSON.stringify({ message: `${http.STATUS_CODES[status]}: ${error.code ?? 'malformed request'}` });
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    socket.destroySoon();
  });

  const unixSocket = options.unixSocket ?? null;
  if (unixSocket !== null) await prepareUnixSocket(unixSocket);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(unixSocket ?? `${options.host}:${options.port}`, error)));
    // exclusive: never share the port with cluster workers or another process; server workers share it with
    // reusePort (Node ≥ 22.12 / 23.1; the worker count is 1 where it is missing, see workers/worker-count.ts).
    if (unixSocket !== null) server.listen({ path: unixSocket, exclusive: true }, resolve);
    else if (options.reusePort) server.listen({ host: options.host, port: options.port, reusePort: true } as ListenOptions, resolve);
    else server.listen({ host: options.host, port: options.port, exclusive: true }, resolve);
  });
  if (unixSocket !== null && options.unixSocketMode !== undefined) await setSocketMode(unixSocket, options.unixSocketMode);
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : 0,
    engine: options.description,
    async close(timeoutMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          drained = resolve;
          setTimeout(resolve, timeoutMs).unref();
        });
      }
      server.closeAllConnections();
      await closed;
    },
  };
}

async function serve(handler: Handler, req: IncomingMessage, res: ServerResponse, maxBodyBytes: number): Promise<void> {
  const signal: { aborted: boolean; onabort: (() => unknown) | null } = { aborted: false, onabort: null };
  res.on('close', () => {
    if (res.writableFinished) return;
    signal.aborted = true;
    signal.onabort?.();
  });
  const method = (req.method ?? 'GET').toUpperCase();
  const target = req.url ?? '/';
  // Like the uWS adapter: lower-cased names, every repeat kept and joined with ", " (req.headers drops some repeats).
  const headers: Record<string, string> = {};
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]!.toLowerCase();
    headers[key] = headers[key] === undefined ? raw[i + 1]! : `${headers[key]}, ${raw[i + 1]!}`;
  }
  let response = refuseBeforeBody(target, headers);
  if (response === null) {
    const query = target.indexOf('?');
    const path = query === -1 ? target : target.slice(0, query);
    const rawQuery = query === -1 ? '' : target.slice(query + 1);
    const { declared, hasBody } = expectedBody(method, headers);
    try {
      const body = hasBody ? await readBody(req, maxBodyBytes, declared) : Buffer.alloc(0);
      response = body === null ? bodyTooLarge(maxBodyBytes) : await handler({ method, path, rawQuery, headers, body, signal });
    } catch {
      response = errorResponse(new ApiError('PGRSTX00'));
    }
  }
  if (signal.aborted || res.destroyed) return;
  writeResponse(res, response, method === 'HEAD');
}

/** The whole body, or null once it passes the limit (the caller answers 413 and the connection is closed). */
function readBody(req: IncomingMessage, limit: number, declared: number | null): Promise<Buffer | null> {
  if (declared !== null && declared > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once('error', reject);
  });
}

function writeResponse(res: ServerResponse, response: HttpResponse, head: boolean): void {
  const flat: string[] = [];
  let close = response.status === 413;
  for (const [name, value] of response.headers) {
    const lower = name.toLowerCase();
    if (lower === 'connection') {
      close ||= value.toLowerCase() === 'close';
      continue;
    }
    // Framing is the engine's business (uWS ignores these too): the length is set below.
    if (lower === 'content-length' || lower === 'transfer-encoding') continue;
    flat.push(name, value);
  }
  // An unread or untrusted body must not be parsed as the next request.
  if (close) {
    flat.push('Connection', 'close');
    res.shouldKeepAlive = false;
  }
  // A known length, not chunked encoding (as uWS answers): the body is complete in memory.
  if (!head && response.body !== null) flat.push('Content-Length', String(Buffer.byteLength(response.body)));
  res.writeHead(response.status, flat);
  if (head || response.body === null) res.end();
  else res.end(response.body);
}
