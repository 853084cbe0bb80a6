// Postgres type names: display names for catalog types and SQL aliases accepted in casts.

/** typname → the name Postgres prints with format_type(). */
const DISPLAY_NAMES: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  varchar: 'character varying',
  bpchar: 'character',
  timestamptz: 'timestamp with time zone',
  timestamp: 'timestamp without time zone',
  timetz: 'time with time zone',
  time: 'time without time zone',
  varbit: 'bit varying',
};

/** SQL spellings accepted in `::cast` that are not a typname themselves. */
export const CAST_ALIASES: Record<string, string> = {
  smallint: 'int2',
  integer: 'int4',
  int: 'int4',
  bigint: 'int8',
  real: 'float4',
  float: 'float8',
  'double precision': 'float8',
  boolean: 'bool',
  'character varying': 'varchar',
  character: 'bpchar',
  char: 'bpchar',
  decimal: 'numeric',
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  'time with time zone': 'timetz',
  'time without time zone': 'time',
};

export function displayTypeName(typname: string, elementTypname: string | null): string {
  if (elementTypname !== null && typname.startsWith('_')) return displayTypeName(elementTypname, null) + '[]';
  return DISPLAY_NAMES[typname] ?? typname;
}
