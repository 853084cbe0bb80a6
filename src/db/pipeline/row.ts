// Turns a text-format DataRow into the row object the rest of the server expects (as postgres.js would type it).
import type { FieldInfo } from './protocol.ts';

const INT2 = 21,
  INT4 = 23,
  OID = 26,
  FLOAT4 = 700,
  FLOAT8 = 701,
  BOOL = 16,
  JSON_OID = 114,
  JSONB = 3802;

export function toRow(fields: readonly FieldInfo[], values: ReadonlyArray<string | null>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    const value = values[i] ?? null;
    row[field.name] = value === null ? null : convert(field.typeOid, value);
  }
  return row;
}

function convert(oid: number, text: string): unknown {
  switch (oid) {
    case INT2:
    case INT4:
    case OID:
    case FLOAT4:
    case FLOAT8:
      return Number(text);
    case BOOL:
      return text === 't';
    case JSON_OID:
    case JSONB:
      return JSON.parse(text);
    default:
      return text; // int8 and numeric stay strings, as with postgres.js defaults
  }
}
