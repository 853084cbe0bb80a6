// RawRequest: the transport-free snapshot of an HTTP request that app.handle consumes.

export interface RawRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** Percent-encoded path without the query string, e.g. `/todos` or `/rpc/add`. */
  path: string;
  /** Raw, undecoded query string without the leading `?`. */
  rawQuery: string;
  /** Lower-cased header names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Buffer;
  /** `aborted` turns true (and `onabort` is called) when the client goes away; the running statement is then cancelled. */
  signal?: { readonly aborted: boolean; onabort?: ((...args: never[]) => unknown) | null };
}
