// Answers the transport gives itself (framing, URL length, body size), before the request reaches app.handle.
import type { HttpResponse } from '../response/http-response.ts';
import { errorResponse } from '../response/error-response.ts';
import { ApiError } from '../errors/api-error.ts';
import { framingProblem, headerBlockBytes, MAX_HEADER_BYTES, MAX_URL_BYTES } from './framing.ts';

export function bodyTooLarge(limit: number): HttpResponse {
  return errorResponse(
    new ApiError('PGRST102', { status: 413, message: 'Payload Too Large', details: `The request body exceeds the limit of ${limit} bytes` }),
  );
}

/** A plain JSON body like Warp's transport errors; `close` tells the engine to end the connection after it. */
function plain(status: number, message: string): HttpResponse {
  return {
    status,
    headers: [
      ['Content-Type', 'application/json; charset=utf-8'],
      ['Connection', 'close'],
    ],
    body: JSON.stringify({ message }),
  };
}

/** 400 for an ambiguous body length, 414 for an over-long URL, 431 for a header block over the limit; null when the request may go on. */
export function refuseBeforeBody(target: string, headers: Record<string, string>): HttpResponse | null {
  const problem = framingProblem(headers);
  if (problem !== null) return plain(400, `Bad Request: ${problem}`);
  if (target.length > MAX_URL_BYTES) return plain(414, `URI Too Long: the request target exceeds ${MAX_URL_BYTES} bytes`);
  if (headerBlockBytes(target, headers) > MAX_HEADER_BYTES)
    return plain(431, `Request Header Fields Too Large: the header block exceeds ${MAX_HEADER_BYTES} bytes`);
  return null;
}
