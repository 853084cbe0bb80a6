// The one error type every stage throws: a PostgREST-shaped error with its HTTP status.
import { ERROR_CATALOGUE, type ErrorCode } from './codes.ts';

/** Details are text, except PGRST201's list of candidate relationships (a JSON array). */
export type ErrorDetails = string | ReadonlyArray<Record<string, string>>;

export interface ApiErrorFields {
  message?: string;
  details?: ErrorDetails | null;
  hint?: string | null;
  headers?: Record<string, string>;
  /** Overrides the catalogue's status (SQLSTATE mapping and custom RAISE errors need this). */
  status?: number;
}

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: ErrorDetails | null;
  readonly hint: string | null;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode | string, fields: ApiErrorFields = {}) {
    const entry = ERROR_CATALOGUE[code as ErrorCode];
    super(fields.message ?? entry?.message ?? 'Unknown error');
    this.name = 'ApiError';
    this.code = code;
    this.status = fields.status ?? entry?.status ?? 500;
    this.details = fields.details ?? null;
    this.hint = fields.hint ?? null;
    this.headers = fields.headers ?? {};
  }

  /** The `{code, message, details, hint}` body PostgREST clients expect. */
  toBody(): { code: string; message: string; details: ErrorDetails | null; hint: string | null } {
    return { code: this.code, message: this.message, details: this.details, hint: this.hint };
  }
}

export const apiError = (code: ErrorCode, fields?: ApiErrorFields): ApiError => new ApiError(code, fields);
