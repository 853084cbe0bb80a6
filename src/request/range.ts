// Paging: the `Range` header plus `limit`/`offset` per embed → RangeSpec[] (PGRST103 when empty).
import type { RangeSpec } from './types.ts';
import type { RawPaging } from './query-params.ts';
import { ApiError } from '../errors/api-error.ts';
import { Cursor } from './parse-cursor.ts';
import { rangeNotSatisfiable } from '../errors/request-errors.ts';

const NEGATIVE_LIMIT = 'Limit should be greater than or equal to zero.';
const LOWER_GT_UPPER = 'The lower boundary must be lower than or equal to the upper boundary in the Range header.';

/** Inclusive row interval; upper null = unbounded. */
interface Interval {
  lower: number;
  upper: number | null;
}

const rangeError = (details: string): ApiError => rangeNotSatisfiable(details);

/**
 * `Range: 0-9` or `Range: 10-`. Anything that does not match is ignored (the whole table),
 * as in PostgREST; `Range-Unit` is not checked either.
 */
export function parseRangeHeader(value: string | undefined): Interval | null {
  const match = value === undefined ? null : /^([0-9]+)-([0-9]*)$/.exec(value.trim());
  if (!match) return null;
  const lower = Number(match[1]);
  const upper = match[2] === '' ? null : Number(match[2]);
  if (!Number.isSafeInteger(lower) || (upper !== null && !Number.isSafeInteger(upper))) return null;
  if (upper !== null && upper < lower) throw rangeError(LOWER_GT_UPPER);
  return { lower, upper };
}

/**
 * A non-integer `limit`/`offset` is PGRST100. PostgREST silently ignores it instead, which
 * turns a typo like `limit=1O` into a full-table read; failing loudly is safer.
 */
function parseCount(text: string, name: string): number {
  const c = new Cursor(text, `${name} parameter`);
  const match = /^-?[0-9]+$/.exec(text.trim());
  const n = match ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(n)) {
    const bad = text.search(/[^0-9 -]/);
    c.fail(['digit'], bad === -1 ? 0 : bad);
  }
  return n;
}

/**
 * Combines `limit`/`offset` (per embed path) with the top-level Range header by intersecting
 * the intervals, like PostgREST's rangeIntersection. `limit=0` is allowed and yields an empty
 * page; any other empty interval is PGRST103.
 */
export function buildRanges(paging: RawPaging[], header: Interval | null): RangeSpec[] {
  const specs: RangeSpec[] = [];
  const top = paging.find((p) => p.path.length === 0) ?? (header ? { path: [], limit: null, offset: null } : undefined);
  for (const entry of top ? [top, ...paging.filter((p) => p !== top)] : paging) {
    const limit = entry.limit === null ? null : parseCount(entry.limit, 'limit');
    if (limit !== null && limit < 0) throw rangeError(NEGATIVE_LIMIT);
    // A negative offset is a no-op, as PostgREST intersects with "row 0 onwards".
    const offset = Math.max(0, entry.offset === null ? 0 : parseCount(entry.offset, 'offset'));
    let interval: Interval = { lower: offset, upper: limit === null ? null : offset + limit - 1 };
    if (entry.path.length === 0 && header && limit !== 0) interval = intersect(interval, header);
    if (interval.upper !== null && interval.upper < interval.lower && limit !== 0) throw rangeError(NEGATIVE_LIMIT);
    specs.push({
      path: entry.path,
      offset: interval.lower,
      limit: limit === 0 ? 0 : interval.upper === null ? null : interval.upper - interval.lower + 1,
    });
  }
  return specs;
}

function intersect(a: Interval, b: Interval): Interval {
  const lower = Math.max(a.lower, b.lower);
  const upper = a.upper === null ? b.upper : b.upper === null ? a.upper : Math.min(a.upper, b.upper);
  return { lower, upper };
}
