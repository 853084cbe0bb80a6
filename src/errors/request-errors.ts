// Group 1 (API request) errors: one constructor per PGRST1xx code, each message composed here once.
import { ApiError, type ErrorDetails } from './api-error.ts';

/** PGRST100: a query parameter, header or select/filter text that does not parse. */
export const parseError = (message: string, details: string | null = null): ApiError => new ApiError('PGRST100', { message, details });

/** PGRST101: a method RPC does not take. */
export const rpcMethodNotAllowed = (method: string): ApiError => new ApiError('PGRST101', { message: `Cannot use the ${method} method on RPC` });

/** PGRST102: an unusable request body (JSON, CSV, form, PUT payload). */
export const invalidBody = (message: string, details: string | null = null): ApiError => new ApiError('PGRST102', { message, details });

/** PGRST103: a range that cannot be served. */
export const rangeNotSatisfiable = (details: string): ApiError => new ApiError('PGRST103', { message: 'Requested range not satisfiable', details });

/** PGRST105: PUT filters must be `eq` on exactly the primary key. */
export const putFiltersInvalid = (): ApiError => new ApiError('PGRST105');

/** PGRST106: a schema that is not exposed. */
export const invalidSchema = (wanted: string, exposed: readonly string[]): ApiError =>
  new ApiError('PGRST106', { message: `Invalid schema: ${wanted}`, hint: `Only the following schemas are exposed: ${exposed.join(', ')}` });

/** PGRST107: no acceptable media type (listed in the client's order). */
export const notAcceptable = (types: readonly string[]): ApiError =>
  new ApiError('PGRST107', { message: `None of these media types are available: ${types.join(', ')}` });

/** PGRST108: a filter, order or limit on a resource that is not embedded (or is, under an alias). */
export function notEmbedded(relation: string, alias: string | null = null): ApiError {
  if (alias !== null) {
    return new ApiError('PGRST108', {
      message: `'${relation}' is not an embedded resource in this request`,
      details: 'Target names are not allowed in filters if they have an alias',
      hint: `Change '${relation}' to '${alias}' in filters, orders or limits.`,
    });
  }
  return new ApiError('PGRST108', {
    message: `'${relation}' is not an embedded resource in this request`,
    hint: `Verify that '${relation}' is included in the 'select' query parameter.`,
  });
}

/** PGRST111/PGRST112: response.headers / response.status set by SQL are unusable. */
export const gucHeadersInvalid = (): ApiError => new ApiError('PGRST111');
export const gucStatusInvalid = (): ApiError => new ApiError('PGRST112');

/** PGRST115: PUT's payload does not match the URL's key (or is not one row). */
export const putMismatch = (): ApiError => new ApiError('PGRST115');

/** PGRST116: singular media and a result of `rows` ≠ 1 rows. */
export const notSingular = (rows: number): ApiError => new ApiError('PGRST116', { details: `The result contains ${rows} rows` });

/** PGRST117: a method the target does not support. */
export const unsupportedMethod = (method: string): ApiError => new ApiError('PGRST117', { message: `Unsupported HTTP method: ${method}` });

/** PGRST117 with Allow: a write on a relation that cannot take it. */
export const relationNotWritable = (verb: string, kind: string, name: string, flag: string, allow: readonly string[]): ApiError =>
  new ApiError('PGRST117', {
    message: `Cannot ${verb} the ${kind} '${name}'`,
    details: `The ${kind} is not ${flag} (not automatically updatable and without INSTEAD OF triggers)`,
    headers: { Allow: allow.join(',') },
  });

/** PGRST123: aggregates while db-aggregates-enabled is off. */
export const aggregatesDisabled = (): ApiError => new ApiError('PGRST123');

/** PGRST124: more rows affected than Prefer: max-affected allows. */
export const maxAffectedExceeded = (rows: number): ApiError => new ApiError('PGRST124', { details: `The query affects ${rows} rows` });

/** PGRST127: a feature PostgREST does not offer here either. */
export const notImplemented = (details: ErrorDetails): ApiError => new ApiError('PGRST127', { message: 'Feature not implemented', details });
