// Impersonated role settings: which `ALTER ROLE … SET` values apply to requests, read from pg_db_role_setting.
import type { IsolationLevel, RoleSettings, SettingPair } from './types.ts';

/** One row of ROLE_SETTINGS_QUERY. */
export interface RoleSettingRow {
  role: string;
  name: string;
  value: string;
}

/**
 * The settings of every role the connecting role can switch to (a JWT role must be one of them), for this
 * database or all databases, the database-specific value winning as at login. Kept: settings the connecting
 * role may set itself (context `user`, or from PostgreSQL 15 a `GRANT SET ON PARAMETER`), and custom
 * `prefix.name` settings not defined in this session; others would make every request fail with 42501.
 */
export function roleSettingsQuery(serverVersion: number): string {
  const granted = serverVersion >= 150000 ? "or pg_catalog.has_parameter_privilege(current_user, p.name, 'SET')" : '';
  return `
with setting as (
  select r.rolname, s.setdatabase <> 0 as for_database, pg_catalog.unnest(s.setconfig) as kv
  from pg_catalog.pg_db_role_setting s
  join pg_catalog.pg_roles r on r.oid = s.setrole
  where s.setdatabase in (0, (select oid from pg_catalog.pg_database where datname = pg_catalog.current_database()))
    and r.rolname <> current_user
    and pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER')
), parsed as (
  select rolname, for_database,
         pg_catalog.lower(pg_catalog.split_part(kv, '=', 1)) as name,
         pg_catalog.substr(kv, pg_catalog.strpos(kv, '=') + 1) as value
  from setting
)
select distinct on (p.rolname, p.name) p.rolname as role, p.name, p.value
from parsed p
left join pg_catalog.pg_settings ps on ps.name = p.name
where case when ps.name is null then p.name like '%.%' else ps.context = 'user' ${granted} end
order by p.rolname, p.name, p.for_database desc`;
}

/** `name=value` entries (setconfig, proconfig) as pairs, names lower-cased. */
export function parseSettingList(entries: readonly string[]): SettingPair[] {
  return entries
    .filter((entry) => entry.includes('='))
    .map((entry) => {
      const at = entry.indexOf('=');
      return [entry.slice(0, at).toLowerCase(), entry.slice(at + 1)] as const;
    });
}

const ISOLATION_LEVELS: Record<string, IsolationLevel> = {
  'read uncommitted': 'read committed', // PostgreSQL runs it as read committed
  'read committed': 'read committed',
  'repeatable read': 'repeatable read',
  serializable: 'serializable',
};

/** A default_transaction_isolation value, or null when it is not one PostgreSQL accepts. */
export function parseIsolationLevel(value: string): IsolationLevel | null {
  return ISOLATION_LEVELS[value.trim().toLowerCase().replace(/\s+/g, ' ')] ?? null;
}

export function buildRoleSettings(rows: readonly RoleSettingRow[]): ReadonlyMap<string, RoleSettings> {
  const byRole = new Map<string, { settings: SettingPair[]; isolation: IsolationLevel | null }>();
  for (const row of rows) {
    let entry = byRole.get(row.role);
    if (entry === undefined) byRole.set(row.role, (entry = { settings: [], isolation: null }));
    if (row.name === 'default_transaction_isolation') entry.isolation = parseIsolationLevel(row.value);
    else entry.settings.push([row.name, row.value]);
  }
  return byRole;
}
