// RAISE SQLSTATE 'PGRST' USING message = '{json}', detail = '{json}': a fully custom error response (else PGRST121).
import { ApiError } from './api-error.ts';

const MESSAGE_HINT = "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional keys: 'details', 'hint'.";
const DETAIL_HINT = "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional key: 'status_text'.";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (v: unknown): boolean => v === undefined || v === null || typeof v === 'string';

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

function parseError(details: string, hint: string): ApiError {
  return new ApiError('PGRST121', { details, hint });
}

/** The ApiError the raising function described, or PGRST121 when its JSON is unusable. */
export function apiErrorFromRaisePgrst(message: string, detail: string | null): ApiError {
  const body = parseObject(message);
  if (body === null || typeof body.code !== 'string' || typeof body.message !== 'string' || !optionalString(body.details) || !optionalString(body.hint)) {
    return parseError(`Invalid JSON value for MESSAGE: '${message}'`, MESSAGE_HINT);
  }
  if (detail === null) return parseError('DETAIL is missing in the RAISE statement', DETAIL_HINT);
  const response = parseObject(detail);
  const status = response?.status;
  const headers = response?.headers;
  const validHeaders = isObject(headers) && Object.values(headers).every((v) => typeof v === 'string');
  if (response === null || typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599 || !validHeaders) {
    return parseError(`Invalid JSON value for DETAIL: '${detail}'`, DETAIL_HINT);
  }
  return ApiError.fromDatabase(body.code, {
    status,
    message: body.message,
    details: (body.details as string | null | undefined) ?? null,
    hint: (body.hint as string | null | undefined) ?? null,
    headers: headers as Record<string, string>,
  });
}
