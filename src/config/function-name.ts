// `fn` or `schema.fn` (db-pre-request, db-pre-config): the one rule for splitting and validating a configured function name.

/** The parts of a valid name (schema null when not given), or null: empty parts or more than one dot. */
export function splitFunctionName(text: string): { schema: string | null; name: string } | null {
  const parts = text
    .trim()
    .split('.')
    .map((part) => part.trim());
  if (parts.length > 2 || parts.some((part) => part === '')) return null;
  return parts.length === 2 ? { schema: parts[0]!, name: parts[1]! } : { schema: null, name: parts[0]! };
}

export const functionNameProblem = (text: string): string => `expected a function name or schema.function, got "${text}"`;
