// In-database configuration (db-config), as PostgREST: `ALTER ROLE <login> [IN DATABASE d] SET pgrst.<name> = …` and db-pre-config.
import { loadConfig, type ConfigSource, type LoadedConfig } from '../config/config.ts';
import { SETTINGS } from '../config/settings.ts';
import type { CatalogQuery } from '../schema/introspect.ts';

/** PostgREST's in-database names (`pgrst.db_schemas` …) that pg-data-api implements. */
const POSTGREST_DB_SETTINGS = [
  'db-aggregates-enabled',
  'db-anon-role',
  'db-extra-search-path',
  'db-hoisted-tx-settings',
  'db-max-rows',
  'db-pre-request',
  'db-schemas',
  'db-tx-end',
  'jwt-aud',
  'jwt-role-claim-key',
  'jwt-secret',
  'server-cors-allowed-origins',
  'server-timing-enabled',
];

export const inDatabaseSettings = (): string[] => POSTGREST_DB_SETTINGS.filter((name) => SETTINGS.some((s) => s.name === name));

/** `schema.fn` or `fn` as a quoted SQL name (the value is the operator's, still never pasted unquoted). */
const quotedFunction = (name: string): string =>
  name
    .split('.')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');

/**
 * The connecting role's `pgrst.*` settings: database-specific ones win over role-wide ones, which win
 * over what db-pre-config sets (PostgREST's order). A setting on the database alone has no effect.
 */
export async function readDatabaseConfig(query: CatalogQuery, preConfig: string | null): Promise<ConfigSource> {
  const names = inDatabaseSettings().map((name) => 'pgrst.' + name.replace(/-/g, '_'));
  const fromPreConfig =
    preConfig === null
      ? ''
      : `
    union all
    select null, x, current_setting(x, true)
    from jsonb_array_elements_text($1::jsonb) as x join ${quotedFunction(preConfig)}() on true`;
  const rows = await query(
    `
    with role_setting as (
      select setdatabase as database, unnest(setconfig) as setting
      from pg_catalog.pg_db_role_setting
      where setrole = (select oid from pg_catalog.pg_roles where rolname = current_user)
        and setdatabase in (0, (select oid from pg_catalog.pg_database where datname = current_database()))
    ),
    kv as (
      select database, substr(setting, 1, strpos(setting, '=') - 1) as k, substr(setting, strpos(setting, '=') + 1) as v
      from role_setting${fromPreConfig}
    )
    select distinct on (k) k as name, v as value
    from kv
    where k in (select jsonb_array_elements_text($1::jsonb)) and v is not null
    order by k, database desc nulls last`,
    [JSON.stringify(names)],
  );
  const values: ConfigSource = {};
  for (const row of rows) values[String(row.name).slice('pgrst.'.length).replace(/_/g, '-')] = String(row.value);
  return values;
}

/** loadConfig, then (unless db-config is off) again with the database's settings between env and flags. */
export async function loadConfigWithDatabase(argv: string[], env: NodeJS.ProcessEnv, query: CatalogQuery): Promise<LoadedConfig> {
  const base = loadConfig(argv, env);
  if (!base.config.dbConfig) return base;
  let fromDatabase: ConfigSource;
  try {
    fromDatabase = await readDatabaseConfig(query, base.config.dbPreConfig);
  } catch (error) {
    throw new Error(
      `could not read the in-database configuration (db-config${base.config.dbPreConfig ? `, db-pre-config ${base.config.dbPreConfig}` : ''}): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return Object.keys(fromDatabase).length === 0 ? base : loadConfig(argv, env, fromDatabase);
}
