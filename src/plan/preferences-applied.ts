// Preference-Applied, decided once per plan: which of the request's Prefer tokens this kind of request honoured.
import { ApiError } from '../errors/api-error.ts';
import type { ApiRequest, Preferences } from '../request/types.ts';
import type { SchemaCache } from '../schema/types.ts';
import type { Mutation } from './mutate-types.ts';

/** The preferences PostgREST echoes for each kind of write, by name (Response.hs). */
const ECHOED_BY_WRITES: Record<Mutation, ReadonlySet<string>> = {
  create: new Set(['resolution', 'missing', 'return', 'count', 'tx', 'handling', 'timezone']),
  update: new Set(['missing', 'return', 'count', 'tx', 'handling', 'timezone', 'max-affected']),
  upsert: new Set(['return', 'count', 'tx', 'handling', 'timezone']),
  delete: new Set(['return', 'count', 'tx', 'handling', 'timezone', 'max-affected']),
};

/** Reads echo count, tx, handling and timezone (return/resolution/… do not apply to reads). */
const ECHOED_BY_READS: ReadonlySet<string> = new Set(['count', 'tx', 'handling', 'timezone']);
/** Calls echo what reads do, and max-affected. */
const ECHOED_BY_CALLS: ReadonlySet<string> = new Set(['count', 'tx', 'handling', 'timezone', 'max-affected']);

const tokenName = (token: string): string => token.slice(0, token.indexOf('='));

/** `tx` is echoed only when db-tx-end lets the client choose. */
const honoured = (echoed: ReadonlySet<string>, prefs: Preferences, txAllowed: boolean): string[] =>
  prefs.applied.filter((token) => {
    const name = tokenName(token);
    return echoed.has(name) && (name !== 'tx' || txAllowed);
  });

export function appliedForRead(prefs: Preferences, txAllowed = false): string[] {
  return honoured(ECHOED_BY_READS, prefs, txAllowed);
}

export function appliedForCall(prefs: Preferences, txAllowed = false): string[] {
  return honoured(ECHOED_BY_CALLS, prefs, txAllowed);
}

/**
 * What the request asked for and this write honoured.
 * `resolution` only when an upsert really happens; `tx` only when the override is allowed.
 */
export function appliedForWrite(mutation: Mutation, prefs: Preferences, options: { upsertApplied: boolean; txAllowed: boolean }): string[] {
  return honoured(ECHOED_BY_WRITES[mutation], prefs, options.txAllowed).filter((token) => tokenName(token) !== 'resolution' || options.upsertApplied);
}

/**
 * `Prefer: timezone=` names a zone of pg_timezone_names (case as listed) or is not applied: PostgREST
 * drops an unknown zone like any invalid preference, and with handling=strict answers PGRST122.
 */
export function checkTimezone(request: ApiRequest, cache: Pick<SchemaCache, 'timezones'>): ApiRequest {
  const prefs = request.preferences;
  if (prefs.timezone === null || cache.timezones.has(prefs.timezone)) return request;
  const token = `timezone=${prefs.timezone}`;
  if (prefs.handling === 'strict') {
    throw new ApiError('PGRST122', {
      message: 'Invalid preferences given with handling=strict',
      details: `Invalid preferences: ${[...prefs.invalid, token].join(', ')}`,
    });
  }
  const preferences: Preferences = { ...prefs, timezone: null, applied: prefs.applied.filter((t) => t !== token), invalid: [...prefs.invalid, token] };
  return { ...request, preferences };
}
