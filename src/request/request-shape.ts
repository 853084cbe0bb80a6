// A read request's shape: its method, path, query and the headers parsing and planning read, with the plain values
// of comparison filters (`id=eq.42`) taken out. Requests of one shape get the same SQL text (src/shape-cache.ts).
import type { RawRequest } from './raw-request.ts';

/**
 * Every header that parseApiRequest, planRequest or buildTransaction reads (api-request.ts, profile.ts,
 * build-transaction.ts). A shape holds their exact values; any other header only reaches request.headers,
 * which is bound per request. A header read there in future must be added here.
 */
export const SHAPE_HEADERS = ['accept', 'accept-profile', 'content-profile', 'content-type', 'prefer', 'range', 'read-your-writes'] as const;

/** Query keys that are grammar, not filters: query-params.ts routes a key by its last dotted word. */
const GRAMMAR_KEYS = new Set(['select', 'columns', 'order', 'limit', 'offset', 'on_conflict', 'and', 'or']);

/**
 * `[not.]op.value` with a comparison operator and a value of plain characters. The filter grammar takes such a
 * value verbatim (the rest of the parameter), and URL decoding leaves it unchanged (no `%`, no `+`).
 */
const MASKABLE = /^((?:not\.)?(?:eq|neq|gt|gte|lt|lte)\.)([A-Za-z0-9_.:@-]+)$/;

export interface RequestShape {
  /** Unambiguous: built only from requests without NUL or line feeds in what it holds. */
  key: string;
  /** The masked filter values, in query order. */
  values: string[];
}

/** Longer keys are not cached: API URLs are short, and a cache of long one-off keys would only hold memory. */
export const MAX_SHAPE_KEY = 2048;

/** The shape of a GET/HEAD request; null for other methods, long URLs and requests a key could not hold unambiguously. */
export function requestShape(raw: RawRequest): RequestShape | null {
  if (raw.method !== 'GET' && raw.method !== 'HEAD') return null;
  if (raw.path.length + raw.rawQuery.length > MAX_SHAPE_KEY || hasSeparator(raw.path) || hasSeparator(raw.rawQuery)) return null;
  let key = `${raw.method} ${raw.path}\n`;
  const values: string[] = [];
  for (const part of raw.rawQuery.split('&')) {
    const masked = maskedFilter(part);
    if (masked === null) key += `${part}&`;
    else {
      key += `${masked.prefix}\0&`;
      values.push(masked.value);
    }
  }
  for (const name of SHAPE_HEADERS) {
    const value = raw.headers[name];
    if (value === undefined) continue;
    if (hasSeparator(value)) return null;
    key += `\n${name}:${value}`;
  }
  return key.length > MAX_SHAPE_KEY ? null : { key, values };
}

/** The same request with its masked filter values replaced, in order (a shape's probe: see shape-cache.ts). */
export function withMaskedValues(raw: RawRequest, values: readonly string[]): RawRequest {
  let next = 0;
  const rawQuery = raw.rawQuery
    .split('&')
    .map((part) => {
      const masked = maskedFilter(part);
      return masked === null ? part : `${masked.prefix}${values[next++]}`;
    })
    .join('&');
  return { ...raw, rawQuery };
}

function maskedFilter(part: string): { prefix: string; value: string } | null {
  const eq = part.indexOf('=');
  if (eq <= 0) return null;
  const name = part.slice(0, eq);
  // An encoded key (`sel%65ct`) decodes to something this cannot see: left in the key as it is.
  if (name.includes('%') || name.includes('+')) return null;
  if (GRAMMAR_KEYS.has(name.slice(name.lastIndexOf('.') + 1))) return null;
  const match = MASKABLE.exec(part.slice(eq + 1));
  return match === null ? null : { prefix: `${name}=${match[1]}`, value: match[2]! };
}

const hasSeparator = (text: string): boolean => text.includes('\0') || text.includes('\n');
