// Shared builders for request/ tests: a RawRequest factory and an "expect this PGRST code" helper.
import type { RawRequest } from '../../src/request/raw-request.ts';
import { ApiError } from '../../src/errors/api-error.ts';
import { parseApiRequest } from '../../src/request/api-request.ts';
import type { ApiRequest, Field } from '../../src/request/types.ts';

export const SCHEMAS = ['public', 'private'];

export function raw(partial: Partial<RawRequest> = {}): RawRequest {
  return { method: 'GET', path: '/items', rawQuery: '', headers: {}, body: Buffer.alloc(0), ...partial };
}

export function parse(rawQuery: string, partial: Partial<RawRequest> = {}): ApiRequest {
  return parseApiRequest(raw({ rawQuery, ...partial }), { schemas: SCHEMAS });
}

/** Runs `fn` and returns the ApiError it threw, or null when it did not throw one. */
export function errorOf(fn: () => unknown): ApiError | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
}

/** A field without a JSON path. */
export const col = (name: string): Field => ({ name, jsonPath: [] });
