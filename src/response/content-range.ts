// Content-Range and the 200/206/416 decision for paginated reads (PostgREST's rangeStatusHeader).
import { rangeNotSatisfiable } from '../errors/request-errors.ts';

/** `0-9/100`, `0-9/*`, `*\/0` (empty page). */
export function contentRange(offset: number, pageTotal: number, total: number | null): string {
  const totalText = total === null ? '*' : String(total);
  if (pageTotal === 0) return `*/${totalText}`;
  return `${offset}-${offset + pageTotal - 1}/${totalText}`;
}

/** 416 only when the offset lies beyond a known total; a page short of the total is partial. */
export function rangeStatus(offset: number, pageTotal: number, total: number | null): number {
  if (total === null) return 200;
  if (offset > total) return 416;
  return pageTotal < total ? 206 : 200;
}

/**
 * The body of a 416. PostgREST answers it as a response, not as an error: the Content-Range (`*\/total`),
 * Content-Type and Preference-Applied headers stay, and no Proxy-Status is sent.
 */
export function rangeNotSatisfiableBody(offset: number, total: number | null): string {
  return JSON.stringify(rangeNotSatisfiable(`An offset of ${offset} was requested, but there are only ${total ?? 0} rows.`).toBody());
}
