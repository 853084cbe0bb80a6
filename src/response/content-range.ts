// Content-Range and the 200/206/416 decision for paginated reads (PostgREST's rangeStatus).
import { rangeNotSatisfiable } from '../errors/request-errors.ts';

/** `0-9/100`, `0-9/*`, `*\/0` (empty page). */
export function contentRange(offset: number, pageTotal: number, total: number | null): string {
  const totalText = total === null ? '*' : String(total);
  if (pageTotal === 0) return `*/${totalText}`;
  return `${offset}-${offset + pageTotal - 1}/${totalText}`;
}

export function rangeStatus(offset: number, pageTotal: number, total: number | null): number {
  if (total === null) return 200;
  if (offset > total || (offset === total && offset > 0 && pageTotal === 0)) {
    throw rangeNotSatisfiable(`An offset of ${offset} was requested, but there are only ${total} rows.`);
  }
  return pageTotal < total ? 206 : 200;
}
