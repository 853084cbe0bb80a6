// ApiError → HttpResponse with PostgREST's `{code, message, details, hint}` body.
import { ApiError } from '../errors/api-error.ts';
import type { HttpResponse } from './http-response.ts';
import { JSON_CONTENT_TYPE } from './media.ts';

export function errorResponse(error: ApiError, headOnly = false): HttpResponse {
  const headers: Array<[string, string]> = [['Content-Type', JSON_CONTENT_TYPE], ...Object.entries(error.headers)];
  return { status: error.status, headers, body: headOnly ? null : JSON.stringify(error.toBody()) };
}
