// ApiError → HttpResponse with PostgREST's `{code, message, details, hint}` body and its Proxy-Status header.
import { ApiError } from '../errors/api-error.ts';
import type { HttpResponse } from './http-response.ts';
import { JSON_CONTENT_TYPE } from './media.ts';

export function errorResponse(error: ApiError, headOnly = false): HttpResponse {
  // RFC 9209: tells a proxy or client which error the API (not the network) produced.
  const headers: Array<[string, string]> = [
    ['Content-Type', JSON_CONTENT_TYPE],
    ['Proxy-Status', `PostgREST; error=${error.code}`],
    ...Object.entries(error.headers),
  ];
  return { status: error.status, headers, body: headOnly ? null : JSON.stringify(error.toBody()) };
}
