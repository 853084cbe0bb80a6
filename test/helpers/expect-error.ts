// expectError: one assertion for "this fails with PostgREST error X" — a thrown ApiError or an HTTP error response.
import type { Test } from 'tap';
import { ApiError } from '../../src/errors/api-error.ts';

interface Expected {
  code: string;
  status?: number;
  message?: string | RegExp;
}

type Asserter = Pick<Test, 'fail' | 'equal' | 'match'>;

/** A function that should throw, or a response (`{status, json()}`) that should carry the error body. */
export async function expectError(t: Asserter, subject: (() => unknown) | { status: number; json(): unknown }, expected: Expected): Promise<void> {
  let code: unknown;
  let status: number;
  let message: unknown;
  if (typeof subject === 'function') {
    try {
      await subject();
      t.fail(`expected ${expected.code}, but nothing was thrown`);
      return;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      ({ code, status, message } = error);
    }
  } else {
    const body = subject.json() as { code?: unknown; message?: unknown };
    ({ code, message } = body);
    status = subject.status;
  }
  t.equal(code, expected.code, 'error code');
  if (expected.status !== undefined) t.equal(status, expected.status, 'error status');
  if (typeof expected.message === 'string') t.equal(message, expected.message, 'error message');
  else if (expected.message) t.match(message, expected.message, 'error message');
}

/** The ApiError `f` throws, for checking more than code and message (details, hint, headers). */
export function thrownError(f: () => unknown): ApiError {
  try {
    f();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError, but nothing was thrown');
}
