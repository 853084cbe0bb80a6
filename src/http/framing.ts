// Request framing rules both engines apply (issue 12 item 5): ambiguous bodies are refused, long URLs answered 414.

/** Longest request target (path + query) accepted; longer gets 414 (PostgREST's Warp answers 414 too). */
export const MAX_URL_BYTES = 8 * 1024;
/** Largest header block (request line + headers); larger gets 431 where the engine lets us answer. */
export const MAX_HEADER_BYTES = 16 * 1024;

/**
 * Why the body's length is ambiguous (a request-smuggling vector), or null. `headers` joins repeats with ", ",
 * so two Content-Length headers show up as a list. The connection must be closed after answering 400.
 */
export function framingProblem(headers: Record<string, string>): string | null {
  const length = headers['content-length'];
  if (length !== undefined && headers['transfer-encoding'] !== undefined) return 'both Content-Length and Transfer-Encoding';
  if (length === undefined) return null;
  if (length.includes(',')) return 'more than one Content-Length';
  if (!/^\d{1,15}$/.test(length.trim())) return 'a Content-Length that is not a number';
  return null;
}

/** Approximate size of the request line and headers as sent (name: value CRLF); engines that parse larger blocks get 431 from us. */
export function headerBlockBytes(target: string, headers: Record<string, string>): number {
  let bytes = target.length + 16;
  for (const name in headers) bytes += name.length + headers[name]!.length + 4;
  return bytes;
}

const METHODS_WITHOUT_BODY = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE']);

/**
 * The declared Content-Length (null when absent), and whether to read a body at all: always for methods that
 * carry one, and for the others only when a length above 0 or a Transfer-Encoding says one follows.
 */
export function expectedBody(method: string, headers: Record<string, string>): { declared: number | null; hasBody: boolean } {
  const declared = headers['content-length'] === undefined ? null : Number(headers['content-length']);
  const hasBody = !METHODS_WITHOUT_BODY.has(method) || (declared !== null && declared > 0) || headers['transfer-encoding'] !== undefined;
  return { declared, hasBody };
}
