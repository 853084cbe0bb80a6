// standard_conforming_strings: forced on at connection start-up, and a connection reporting otherwise is refused.
//
// Generated SQL carries request text only as $n bind values or quoted identifiers (see src/query/quote.ts),
// so it does not depend on this setting. Forcing it anyway is defence in depth: with it off, backslashes in
// string literals become escapes, and any literal-quoting that is right in one mode is wrong in the other.

export const CONFORMING_STRINGS = 'standard_conforming_strings';

/** Start-up parameters every connection sends: a client start-up setting outranks ALTER ROLE/DATABASE … SET. */
export const STARTUP_SETTINGS: Readonly<Record<string, string>> = Object.freeze({ [CONFORMING_STRINGS]: 'on' });

/** The error text when the server reports the setting off (a proxy dropped it, or a session changed it). */
export function nonConformingMessage(value: string | undefined): string {
  return `refusing the database connection: ${CONFORMING_STRINGS} is ${value ?? 'not reported'}, pg-data-api requires on`;
}

/** true when a ParameterStatus (name, value) must close the connection. */
export const isNonConforming = (name: string, value: string): boolean => name === CONFORMING_STRINGS && value !== 'on';
