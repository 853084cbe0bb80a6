// How a request's total (Content-Range `/N`) is obtained: decided once here, followed by query/ and response/.
import type { Preferences } from '../request/types.ts';

/**
 * none: `*`; exact: counted by the main statement; planned: the EXPLAIN estimate;
 * estimated: counted up to `cap` (db-max-rows) rows, above that the larger of count and estimate.
 */
export type CountStrategy = { kind: 'none' } | { kind: 'exact' } | { kind: 'planned' } | { kind: 'estimated'; cap: number };

/** Reads honour every count preference; calls and writes count exactly or not at all. */
export function countStrategy(planKind: 'read' | 'call' | 'mutate', count: Preferences['count'], maxRows: number | null): CountStrategy {
  if (count === null) return { kind: 'none' };
  if (planKind === 'mutate') return { kind: 'exact' };
  if (planKind === 'call') return count === 'exact' ? { kind: 'exact' } : { kind: 'none' };
  if (count === 'estimated') return maxRows === null ? { kind: 'exact' } : { kind: 'estimated', cap: maxRows };
  return { kind: count };
}

/** Whether the transaction runs an EXPLAIN of the read before the main statement. */
export const needsExplain = (strategy: CountStrategy): boolean => strategy.kind === 'planned' || strategy.kind === 'estimated';

/** The total to report, from what the statements returned (`counted`: the main statement's total). */
export function reportedTotal(strategy: CountStrategy, counted: number | null, planned: number | null): number | null {
  switch (strategy.kind) {
    case 'none':
      return null;
    case 'exact':
      return counted;
    case 'planned':
      return planned;
    case 'estimated':
      if (counted !== null && counted > strategy.cap) return Math.max(planned ?? counted, counted);
      return counted;
  }
}
