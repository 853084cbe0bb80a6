// CSV body built by Postgres over `pgrst_source` rows aliased `_pgrst_t`: a header from the first row's keys, then records.
import { sql, type Fragment } from './fragment.ts';

/**
 * Each row's record text without its parentheses is a CSV line (record output quotes fields with
 * commas, quotes or spaces and doubles quotes). The header quotes names that need it.
 */
export function csvBodySql(): Fragment {
  const header = sql`(SELECT coalesce(pg_catalog.string_agg(CASE WHEN pgrst_k ~ '[",\\s]' THEN '"' || pg_catalog.replace(pgrst_k, '"', '""') || '"' ELSE pgrst_k END, ','), '') FROM pg_catalog.json_object_keys((SELECT pg_catalog.row_to_json(pgrst_h) FROM pgrst_source AS pgrst_h LIMIT 1)) AS pgrst_k)`;
  const lines = sql`coalesce(pg_catalog.string_agg(pg_catalog.substr(_pgrst_t::text, 2, pg_catalog.length(_pgrst_t::text) - 2), chr(10)), '')`;
  return sql`${header} || chr(10) || ${lines}`;
}
