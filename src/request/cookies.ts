// The Cookie header → name/value record (for request.cookies).

/**
 * `a=1; b="two"` → {a: '1', b: 'two'}. Values are not percent-decoded (PostgREST passes them
 * through); surrounding double quotes are removed. The first cookie of a name wins (RFC 6265
 * orders the most specific path first).
 */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null);
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name !== '' && !Object.hasOwn(cookies, name)) cookies[name] = value;
  }
  return { ...cookies };
}
