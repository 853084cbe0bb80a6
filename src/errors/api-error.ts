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

/**
 * One of our PGRST codes (a closed set), or a code the database chose: a SQLSTATE, or the `code` of a
 * `RAISE SQLSTATE 'PGRST'` error. Only `ApiError.fromDatabase` makes the latter.
 */
export type ResponseCode = ErrorCode | DatabaseCode;
export type DatabaseCode = string & { readonly __databaseCode: true };

export class ApiError extends Error {
  readonly code: ResponseCode;
  readonly status: number;
  readonly details: ErrorDetails | null;
  readonly hint: string | null;
  readonly headers: Record<string, string>;

  /** Prefer the named constructors in errors/ (request-errors.ts, schema-errors.ts, …): they compose each message once. */
  constructor(code: ErrorCode, fields: ApiErrorFields = {}) {
    const entry = ERROR_CATALOGUE[code];
    super(fields.message ?? entry.message);
    this.name = 'ApiError';
    this.code = code;
    this.status = fields.status ?? entry.status;
    this.details = fields.details ?? null;
    this.hint = fields.hint ?? null;
    this.headers = fields.headers ?? {};
  }

  /** An error whose code and status come from the database (SQLSTATE mapping, RAISE, undefined columns). */
  static fromDatabase(code: string, fields: ApiErrorFields & { status: number; message: string }): ApiError {
    const error = new ApiError('PGRSTX00', fields);
    (error as { code: ResponseCode }).code = code as DatabaseCode;
    return error;
  }

  /** The `{code, message, details, hint}` body PostgREST clients expect. */
  toBody(): { code: string; message: string; details: ErrorDetails | null; hint: string | null } {
    return { code: this.code, message: this.message, details: this.details, hint: this.hint };
  }
}
