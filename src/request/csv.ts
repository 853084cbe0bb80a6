// RFC 4180 CSV with a header row → array of objects (values strings; unquoted-or-quoted NULL → null).
import { ApiError } from '../errors/api-error.ts';
import { invalidBody } from '../errors/request-errors.ts';

const csvError = (message: string): ApiError => invalidBody(message);

/** Splits CSV text into records of fields, honouring `"…"` quoting with `""` escapes. */
function parseRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quotedField = false;
  const endField = () => {
    record.push(field);
    field = '';
    quotedField = false;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '' && !quotedField) {
      quotedField = true;
      i++;
      for (;;) {
        if (i >= text.length) throw csvError('parse error (unterminated quoted field)');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        throw csvError('parse error (unexpected character after closing quote)');
      }
    } else if (ch === ',') {
      endField();
      i++;
    } else if (ch === '\n' || ch === '\r') {
      endField();
      records.push(record);
      record = [];
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || record.length > 0 || quotedField) {
    endField();
    records.push(record);
  }
  return records;
}

/**
 * The first record names the columns. As in PostgREST, the text `NULL` becomes JSON null and an
 * empty field stays the empty string; a row with a different number of fields is PGRST102.
 */
export function parseCsv(text: string): Array<Record<string, string | null>> {
  const [header, ...rows] = parseRecords(text);
  if (!header) return [];
  return rows.map((row) => {
    if (row.length !== header.length) throw csvError('All lines must have same number of fields');
    const object: Record<string, string | null> = {};
    header.forEach((name, i) => {
      object[name] = row[i] === 'NULL' ? null : row[i]!;
    });
    return object;
  });
}
