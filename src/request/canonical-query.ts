// The canonical query string of a read, for Content-Location: decoded pairs sorted by key, re-encoded.
import { splitQuery } from './query-params.ts';

const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;

/** Percent-encodes all but RFC 3986's unreserved characters, as PostgREST's urlEncodeVars does. */
function encode(text: string): string {
  if (UNRESERVED.test(text)) return text;
  try {
    // encodeURIComponent leaves !'()* as they are, though RFC 3986 reserves them.
    return encodeURIComponent(text).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    return encodeBytes(text); // a lone surrogate, which encodeURIComponent refuses (TextEncoder makes it U+FFFD)
  }
}

const encodeBytes = (text: string): string =>
  Array.from(new TextEncoder().encode(text), (byte) => {
    const ch = String.fromCharCode(byte);
    return UNRESERVED.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');

/** `b=eq.1&a=eq.1` → `a=eq.1&b=eq.1`; repeated keys keep their order (the sort is stable). */
export function canonicalQuery(rawQuery: string): string {
  return splitQuery(rawQuery)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${encode(key)}=${encode(value)}`)
    .join('&');
}
