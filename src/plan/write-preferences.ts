// Which Prefer values a write honours: transaction end (db-tx-end + tx=), max-affected, Preference-Applied.
import type { Config } from '../config/config.ts';
import type { Preferences } from '../request/types.ts';
import type { Mutation } from './mutate-types.ts';

/** The preferences PostgREST echoes for each kind of write, by name (Response.hs). */
const ECHOED: Record<Mutation, ReadonlySet<string>> = {
  create: new Set(['resolution', 'missing', 'return', 'count', 'tx', 'handling']),
  update: new Set(['missing', 'return', 'count', 'tx', 'handling', 'max-affected']),
  upsert: new Set(['return', 'count', 'tx', 'handling']),
  delete: new Set(['return', 'count', 'tx', 'handling', 'max-affected']),
};

/** `commit-allow-override` and `rollback-allow-override` let `Prefer: tx=` choose. */
export const txOverrideAllowed = (config: Pick<Config, 'dbTxEnd'>): boolean => config.dbTxEnd.endsWith('-allow-override');

/** True when the transaction must end with ROLLBACK. */
export function shouldRollback(config: Pick<Config, 'dbTxEnd'>, prefs: Preferences): boolean {
  const override = txOverrideAllowed(config) ? prefs.tx : null;
  if (override !== null) return override === 'rollback';
  return config.dbTxEnd.startsWith('rollback');
}

/** max-affected only applies under handling=strict, and only to PATCH and DELETE. */
export function maxAffectedFor(mutation: Mutation, prefs: Preferences): number | null {
  if (mutation !== 'update' && mutation !== 'delete') return null;
  return prefs.handling === 'strict' ? prefs.maxAffected : null;
}

/**
 * Preference-Applied tokens for a write: what the request asked for and this write honoured.
 * `resolution` only when an upsert really happens; `tx` only when the override is allowed;
 * `timezone` is not applied by writes.
 */
export function appliedPreferences(
  mutation: Mutation,
  prefs: Preferences,
  options: { upsertApplied: boolean; txAllowed: boolean },
): string[] {
  return prefs.applied.filter((token) => {
    const name = token.slice(0, token.indexOf('='));
    if (!ECHOED[mutation].has(name)) return false;
    if (name === 'resolution') return options.upsertApplied;
    if (name === 'tx') return options.txAllowed;
    return true;
  });
}
