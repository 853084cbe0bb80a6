// Preference-Applied, decided once per plan: which of the request's Prefer tokens this kind of request honoured.
import type { Preferences } from '../request/types.ts';
import type { Mutation } from './mutate-types.ts';

/** The preferences PostgREST echoes for each kind of write, by name (Response.hs). */
const ECHOED_BY_WRITES: Record<Mutation, ReadonlySet<string>> = {
  create: new Set(['resolution', 'missing', 'return', 'count', 'tx', 'handling']),
  update: new Set(['missing', 'return', 'count', 'tx', 'handling', 'max-affected']),
  upsert: new Set(['return', 'count', 'tx', 'handling']),
  delete: new Set(['return', 'count', 'tx', 'handling', 'max-affected']),
};

/** Reads echo count and handling (return/resolution/… do not apply to reads). */
const ECHOED_BY_READS: ReadonlySet<string> = new Set(['count', 'handling']);
/** Calls echo the count they report. */
const ECHOED_BY_CALLS: ReadonlySet<string> = new Set(['count']);

const tokenName = (token: string): string => token.slice(0, token.indexOf('='));

export function appliedForRead(prefs: Preferences): string[] {
  return prefs.applied.filter((token) => ECHOED_BY_READS.has(tokenName(token)));
}

export function appliedForCall(prefs: Preferences): string[] {
  return prefs.applied.filter((token) => ECHOED_BY_CALLS.has(tokenName(token)));
}

/**
 * What the request asked for and this write honoured.
 * `resolution` only when an upsert really happens; `tx` only when the override is allowed;
 * `timezone` is not applied by writes.
 */
export function appliedForWrite(mutation: Mutation, prefs: Preferences, options: { upsertApplied: boolean; txAllowed: boolean }): string[] {
  return prefs.applied.filter((token) => {
    const name = tokenName(token);
    if (!ECHOED_BY_WRITES[mutation].has(name)) return false;
    if (name === 'resolution') return options.upsertApplied;
    if (name === 'tx') return options.txAllowed;
    return true;
  });
}
