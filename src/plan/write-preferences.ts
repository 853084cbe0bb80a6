// Which Prefer values a write honours: transaction end (db-tx-end + tx=) and max-affected.
import type { Config } from '../config/config.ts';
import type { Preferences } from '../request/types.ts';
import type { Mutation } from './mutate-types.ts';

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
