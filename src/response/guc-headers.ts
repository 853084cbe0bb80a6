// response.headers / response.status GUCs set by SQL (functions, views) → extra headers and status.
import { gucHeadersInvalid, gucStatusInvalid } from '../errors/request-errors.ts';

export function parseResponseHeaders(raw: string | null): Array<[string, string]> {
  if (raw === null) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw gucHeadersInvalid();
  }
  if (!Array.isArray(parsed)) throw gucHeadersInvalid();
  return parsed.map((entry) => {
    const pairs = entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? Object.entries(entry) : [];
    if (pairs.length !== 1 || typeof pairs[0]![1] !== 'string') throw gucHeadersInvalid();
    return [pairs[0]![0], pairs[0]![1] as string];
  });
}

export function parseResponseStatus(raw: string | null): number | null {
  if (raw === null) return null;
  if (!/^\s*\d{3}\s*$/.test(raw)) throw gucStatusInvalid();
  const status = Number(raw);
  if (status < 100 || status > 599) throw gucStatusInvalid();
  return status;
}
