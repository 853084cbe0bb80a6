// Postgres array literal text (`{"a","b\"c"}`) for list values sent as one bind parameter.

export function toPgArrayLiteral(values: readonly string[]): string {
  return '{' + values.map((v) => '"' + v.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"').join(',') + '}';
}
