// ApiError → HttpResponse with PostgREST's `{code, message, details, hint}` body and its Proxy-Status header.
import { ApiError } from '../errors/api-error.ts';
import type { HttpResponse } from './http-response.ts';
import { JSON_CONTENT_TYPE } from './media.ts';

/** `minimal` (client-error-verbosity) keeps only code and message: details and hints can reveal schema. */
export function errorResponse(error: ApiError, headOnly = false, verbosity: 'verbose' | 'minimal' = 'verbose'): HttpResponse {
  // RFC 9209: tells a proxy or client which error the API (not the network) produced.
  const headers: Array<[string, string]> = [
    ['Content-Type', JSON_CONTENT_TYPE],
    ['Proxy-Status', `PostgREST; error=${error.code}`],
    ...Object.entries(error.headers),
  ];
  const { code, message, details, hint } = error.toBody();
  const body = verbosity === 'minimal' ? { code, message } : { code, message, details, hint };
  return { status: error.status, headers, body: headOnly ? null : JSON.stringify(body) };
}
