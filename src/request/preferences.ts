// The Prefer header(s) → Preferences, with what Preference-Applied echoes and PGRST122.
import type { Preferences } from './types.ts';
import { ApiError } from '../errors/api-error.ts';

type Choice<K extends keyof Preferences> = Record<string, Exclude<Preferences[K], null>>;

const RETURN: Choice<'return'> = { minimal: 'minimal', 'headers-only': 'headers-only', representation: 'representation' };
const COUNT: Choice<'count'> = { exact: 'exact', planned: 'planned', estimated: 'estimated' };
const RESOLUTION: Choice<'resolution'> = { 'merge-duplicates': 'merge-duplicates', 'ignore-duplicates': 'ignore-duplicates' };
const MISSING: Choice<'missing'> = { default: 'default', null: 'null' };
const HANDLING: Choice<'handling'> = { strict: 'strict', lenient: 'lenient' };
const TX: Choice<'tx'> = { commit: 'commit', rollback: 'rollback' };

/** The enumerated preferences, by name. */
const ENUMS = { return: RETURN, count: COUNT, resolution: RESOLUTION, missing: MISSING, handling: HANDLING, tx: TX } as const;
type EnumName = keyof typeof ENUMS;

/** PostgREST's Preference-Applied order (prefAppliedHeader). */
const APPLIED_ORDER: EnumName[] = ['resolution', 'missing', 'return', 'count', 'tx', 'handling'];

/**
 * Parses the Prefer header. Repeated headers arrive joined with `, `. The first occurrence of
 * each preference wins. `timezone=` is accepted as given (only the database knows the valid
 * names, so the planner must check it before echoing it). `tx=` is recorded even though the
 * server config decides whether it may be honoured. `params=single-object` (removed in
 * PostgREST v13) is invalid.
 *
 * `applied` lists what PostgREST would echo in Preference-Applied, in its order; the response
 * stage still drops preferences that do not apply to the action (e.g. `return` on a read).
 * With `handling=strict`, any unrecognised token is PGRST122.
 */
export function parsePreferences(header: string | undefined): Preferences {
  const prefs: Preferences = {
    return: null,
    count: null,
    resolution: null,
    missing: null,
    handling: null,
    tx: null,
    maxAffected: null,
    timezone: null,
    applied: [],
    invalid: [],
  };
  const tokens = (header ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  for (const token of tokens) {
    const eq = token.indexOf('=');
    const name = eq === -1 ? token : token.slice(0, eq);
    const value = eq === -1 ? '' : token.slice(eq + 1);
    if (name in ENUMS && Object.hasOwn(ENUMS[name as EnumName], value)) {
      const key = name as EnumName;
      if (prefs[key] === null) (prefs as unknown as Record<string, string>)[key] = ENUMS[key][value]!;
    } else if (name === 'timezone' && value !== '') {
      prefs.timezone ??= value;
    } else if (name === 'max-affected') {
      // Like PostgREST, a malformed number is ignored rather than reported as invalid.
      if (prefs.maxAffected === null && /^[0-9]{1,15}$/.test(value)) prefs.maxAffected = Number(value);
    } else {
      prefs.invalid.push(token);
    }
  }
  for (const key of APPLIED_ORDER) if (prefs[key] !== null) prefs.applied.push(`${key}=${prefs[key]}`);
  if (prefs.timezone !== null) prefs.applied.push(`timezone=${prefs.timezone}`);
  // max-affected only takes effect (and is only echoed) under handling=strict.
  if (prefs.handling === 'strict' && prefs.maxAffected !== null) prefs.applied.push(`max-affected=${prefs.maxAffected}`);

  if (prefs.handling === 'strict' && prefs.invalid.length > 0) {
    throw new ApiError('PGRST122', {
      message: 'Invalid preferences given with handling=strict',
      details: `Invalid preferences: ${prefs.invalid.join(', ')}`,
    });
  }
  return prefs;
}
