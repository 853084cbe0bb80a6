// Identifier quoting: the only way a name reaches SQL text. Names come from the schema cache.
// Identifier quoting ("…", doubled quotes) means the same whatever standard_conforming_strings says;
// there is deliberately no string-literal quoting here: values are bind parameters (fragment.ts).

/** Double-quotes an identifier, doubling embedded quotes and dropping NUL (which Postgres rejects). */
export function quoteIdent(name: string): string {
  return '"' + name.replace(/\u0000/g, '').replace(/"/g, '""') + '"';
}

export function quoteQualified(schema: string, name: string): string {
  return quoteIdent(schema) + '.' + quoteIdent(name);
}
