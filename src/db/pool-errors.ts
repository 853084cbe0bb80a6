// The pool's own failure, shared by both executors: no connection within db-pool-acquisition-timeout.
import { ApiError } from '../errors/api-error.ts';

/** 504 PGRST003 "Timed out acquiring connection from connection pool.", as PostgREST answers. */
export const acquisitionTimeoutError = (): ApiError => new ApiError('PGRST003');
