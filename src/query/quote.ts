// Identifier quoting: the only way a name reaches SQL text. Names come from the schema cache.

/** Double-quotes an identifier, doubling embedded quotes and dropping NUL (which Postgres rejects). */
export function quoteIdent(name: string): string {
  return '"' + name.replace(/\u0000/g, '').replace(/"/g, '""') + '"';
}

export function quoteQualified(schema: string, name: string): string {
  return quoteIdent(schema) + '.' + quoteIdent(name);
}

/** A string literal for values that must be constants in SQL text (e.g. JSON keys in a path). */
export function quoteLiteral(value: string): string {
  return "'" + value.replace(/\u0000/g, '').replace(/'/g, "''") + "'";
}
