// text/csv bodies built inside Postgres: a header row from the plan's output names, RFC 4180 quoting.
import { outputNames } from '../plan/embed-plan.ts';
import type { ReadPlan } from '../plan/types.ts';
import { param, raw, sql, type Fragment } from './fragment.ts';
import { SOURCE_CTE } from './sql-names.ts';

/** RFC 4180: a field that is empty or holds `"`, `,`, CR or LF is quoted, `"` doubled. The same rule in SQL below. */
export const csvQuote = (value: string): string => (value === '' || /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value);

const csvField = (value: Fragment): Fragment =>
  sql`CASE WHEN ${value} = '' OR ${value} ~ E'[",\\r\\n]' THEN '"' || replace(${value}, '"', '""') || '"' ELSE ${value} END`;

/** One CSV line per aggregated row `_pgrst_t`; NULL is an empty field, the empty string is `""`. */
const CSV_LINE = sql`(SELECT string_agg(CASE WHEN v IS NULL THEN '' ELSE ${csvField(sql`v`)} END, ',' ORDER BY n) FROM json_each_text(to_json(_pgrst_t)) WITH ORDINALITY AS pgrst_csv(k, v, n))`;

/** Without a plan (composite RPC results) the header comes from the first row's keys. */
const HEADER_FROM_FIRST_ROW = sql`(SELECT coalesce(string_agg(${csvField(sql`k`)}, ','), '') FROM json_object_keys((SELECT row_to_json(pgrst_h) FROM ${raw(SOURCE_CTE)} AS pgrst_h LIMIT 1)) AS k)`;

export function csvBodySql(plan?: ReadPlan | null): Fragment {
  const header = plan ? sql`${param(outputNames(plan).map(csvQuote).join(','))}::text` : HEADER_FROM_FIRST_ROW;
  return sql`${header} || chr(10) || coalesce(string_agg(${CSV_LINE}, chr(10)), '')`;
}
