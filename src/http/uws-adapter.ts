// Adapts one uWS request to app.handle: snapshot the request synchronously, then write the response corked.
import { STATUS_CODES } from 'node:http';
import type { HttpRequest, HttpResponse as UwsResponse } from 'uWebSockets.js';
import type { HttpResponse } from '../response/http-response.ts';
import { errorResponse } from '../response/error-response.ts';
import { ApiError } from '../errors/api-error.ts';
import { BodyTooLargeError, readBody } from './read-body.ts';
import { expectedBody } from './framing.ts';
import type { Handler } from './handler.ts';
import type { RawRequest } from '../request/raw-request.ts';
import { bodyTooLarge, refuseBeforeBody } from './transport-response.ts';

const statusLine = (status: number): string => `${status} ${STATUS_CODES[status] ?? 'Unknown'}`;

type Signal = { aborted: boolean; onabort: (() => unknown) | null };

export interface AdapterOptions {
  maxBodyBytes: number;
  onStart(): void;
  onFinish(): void;
}

export function createUwsHandler(handler: Handler, options: AdapterOptions) {
  return (res: UwsResponse, req: HttpRequest): void => {
    // A plain object, not an AbortController (~1.7 µs per request): see CancelSignal in db/executor.ts.
    const signal: Signal = { aborted: false, onabort: null };
    res.onAborted(() => {
      signal.aborted = true;
      signal.onabort?.();
    });
    // HttpRequest is stack-allocated: copy everything before the first await.
    const method = req.getCaseSensitiveMethod().toUpperCase();
    const headers: Record<string, string> = {};
    req.forEach((key, value) => {
      headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
    });
    const path = req.getUrl();
    const rawQuery = req.getQuery() ?? '';
    const refused = refuseBeforeBody(rawQuery === '' ? path : `${path}?${rawQuery}`, headers);
    if (refused) {
      if (refused.status === 400) {
        // Ambiguous framing: uWS has already split the bytes its own way and would go on to serve whatever it parsed
        // next from the same buffer, even after end(…, closeConnection). Only an immediate close stops that; no answer.
        res.close();
        return;
      }
      res.cork(() => {
        res.writeStatus(statusLine(refused.status));
        for (const [name, value] of refused.headers) if (name !== 'Connection') res.writeHeader(name, value);
        res.end(refused.body ?? '', true);
      });
      return;
    }
    const { declared, hasBody } = expectedBody(method, headers);
    // Attached now (readBody must run before this handler returns), awaited in serve.
    const body = hasBody ? readBody(res, options.maxBodyBytes, declared) : NO_BODY;
    options.onStart();
    void serve(res, handler, { method, path, rawQuery, headers, body, signal }, options);
  };
}

const NO_BODY: Promise<Buffer> = Promise.resolve(Buffer.alloc(0));

/** One async function per request rather than a chain of then/catch/finally (fewer promises and closures). */
async function serve(
  res: UwsResponse,
  handler: Handler,
  request: Omit<RawRequest, 'body' | 'signal'> & { body: Promise<Buffer>; signal: Signal },
  options: AdapterOptions,
): Promise<void> {
  let response: HttpResponse;
  try {
    response = await handler({ ...request, body: await request.body });
  } catch (error) {
    response = error instanceof BodyTooLargeError ? bodyTooLarge(error.limit) : errorResponse(new ApiError('PGRSTX00'));
  }
  try {
    if (!request.signal.aborted) writeResponse(res, response, request.method === 'HEAD');
  } catch {
    // A write to a socket that failed meanwhile must not become an unhandled rejection (which ends the process).
  } finally {
    options.onFinish();
  }
}

function writeResponse(res: UwsResponse, response: HttpResponse, head: boolean): void {
  // A 413 leaves the rest of the body unread: close the connection rather than parse it as requests.
  const close = response.status === 413;
  res.cork(() => {
    res.writeStatus(statusLine(response.status));
    for (const [name, value] of response.headers) res.writeHeader(name, value);
    // 204/304 carry no body and, per RFC 9110, no Content-Length either (uWS's end() would write one). No
    // arguments: an explicit `undefined` length is written as 9223372036854775808. (Only a 413, which has a
    // body, needs the connection closed.)
    if (head || response.status === 204 || response.status === 304) res.endWithoutBody();
    else res.end(response.body ?? '', close);
  });
}
