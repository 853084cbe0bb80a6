// text/csv bodies built inside Postgres: a header row from the plan's output names, RFC 4180 quoting.
import { outputNames } from '../plan/embed-plan.ts';
import type { ReadPlan } from '../plan/types.ts';
import { param, sql, type Fragment } from './fragment.ts';

export const csvQuote = (value: string): string =>
  value === '' || /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;

/** One CSV line per aggregated row `_pgrst_t`; NULL is an empty field, the empty string is `""`. */
const CSV_LINE = sql`(SELECT string_agg(CASE WHEN v IS NULL THEN '' WHEN v = '' OR v ~ '[",]' OR strpos(v, chr(10)) > 0 OR strpos(v, chr(13)) > 0 THEN '"' || replace(v, '"', '""') || '"' ELSE v END, ',' ORDER BY n) FROM json_each_text(to_json(_pgrst_t)) WITH ORDINALITY AS pgrst_csv(k, v, n))`;

/** Without a plan (composite RPC results) the header comes from the first row's keys. */
const HEADER_FROM_FIRST_ROW = sql`(SELECT coalesce(string_agg(CASE WHEN k = '' OR k ~ '[",]' OR strpos(k, chr(10)) > 0 THEN '"' || replace(k, '"', '""') || '"' ELSE k END, ','), '') FROM json_object_keys((SELECT row_to_json(pgrst_h) FROM pgrst_source AS pgrst_h LIMIT 1)) AS k)`;

export function csvBodySql(plan?: ReadPlan | null): Fragment {
  const header = plan ? sql`${param(outputNames(plan).map(csvQuote).join(','))}::text` : HEADER_FROM_FIRST_ROW;
  return sql`${header} || chr(10) || coalesce(string_agg(${CSV_LINE}, chr(10)), '')`;
}
