// Reads the catalog with pg-introspection (plus defaults, updatability, view queries) and builds the SchemaCache.
import { makeIntrospectionQuery, parseIntrospectionResults } from 'pg-introspection';
import { buildSchemaCache, type CatalogExtras } from './build-cache.ts';
import { roleSettingsQuery, type RoleSettingRow } from './role-settings.ts';
import { ROLES_QUERY, type RoleRow } from './roles.ts';
import type { SchemaCache } from './types.ts';

/** The one database capability introspection needs; db/ provides it. */
export type CatalogQuery = (text: string, values?: unknown[]) => Promise<Array<Record<string, unknown>>>;

const EXTRAS_QUERY = `
select
  coalesce((select json_object_agg(d.adrelid::text || ':' || a.attname, pg_get_expr(d.adbin, d.adrelid))
     from pg_attrdef d
     join pg_attribute a on a.attrelid = d.adrelid and a.attnum = d.adnum
     join pg_class c on c.oid = d.adrelid
     join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in (select jsonb_array_elements_text($1::jsonb))), '{}')::text as defaults,
  coalesce((select json_object_agg(c.oid::text, pg_relation_is_updatable(c.oid, true))
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in (select jsonb_array_elements_text($1::jsonb)) and c.relkind in ('v', 'f')), '{}')::text as updatable,
  coalesce((select json_object_agg(r.ev_class::text, r.ev_action::text)
     from pg_rewrite r
     join pg_class c on c.oid = r.ev_class
     join pg_namespace n on n.oid = c.relnamespace
     where r.rulename = '_RETURN' and c.relkind in ('v', 'm')
       and n.nspname not in ('pg_catalog', 'information_schema')), '{}')::text as view_actions,
  current_setting('server_version_num')::int as server_version,
  (select json_agg(name) from pg_timezone_names)::text as timezones,
  (select n.nspname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where p.proname = 'st_asgeojson' and p.pronargs >= 1 order by n.nspname limit 1) as postgis_schema`;

/** Raw catalog snapshot: what tests freeze to JSON so the planner can be tested without a database. */
export interface CatalogSnapshot {
  introspection: string;
  extras: CatalogExtras;
}

export async function readCatalog(query: CatalogQuery, schemas: readonly string[]): Promise<CatalogSnapshot> {
  const [introRows, extrasRows] = await Promise.all([query(makeIntrospectionQuery()), query(EXTRAS_QUERY, [JSON.stringify(schemas)])]);
  const extrasRow = extrasRows[0]!;
  const serverVersion = Number(extrasRow.server_version);
  const roleSettings = (await query(roleSettingsQuery(serverVersion))).map(
    (row) => ({ role: String(row.role), name: String(row.name), value: String(row.value) }) satisfies RoleSettingRow,
  );
  const roles = (await query(ROLES_QUERY)).map((row) => ({ name: String(row.name), switchable: row.switchable === true }) satisfies RoleRow);
  return {
    introspection: String(introRows[0]!.introspection),
    extras: {
      defaults: JSON.parse(String(extrasRow.defaults)),
      updatable: JSON.parse(String(extrasRow.updatable)),
      viewActions: JSON.parse(String(extrasRow.view_actions)),
      serverVersion,
      roleSettings,
      roles,
      timezones: JSON.parse(String(extrasRow.timezones ?? '[]')),
      postgisSchema: extrasRow.postgis_schema == null ? null : String(extrasRow.postgis_schema),
    },
  };
}

export function cacheFromSnapshot(snapshot: CatalogSnapshot, schemas: readonly string[]): SchemaCache {
  return buildSchemaCache(parseIntrospectionResults(snapshot.introspection, false), snapshot.extras, schemas);
}

export async function introspect(query: CatalogQuery, schemas: readonly string[]): Promise<SchemaCache> {
  return cacheFromSnapshot(await readCatalog(query, schemas), schemas);
}
