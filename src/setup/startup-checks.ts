// Start-up checks that turn a silently broken API into one clear message: exposed schemas exist, request roles exist and can be used.
import type { Config } from '../config/config.ts';
import type { CatalogQuery } from '../schema/introspect.ts';
import { StartupError } from './startup-error.ts';

/** An identifier as it must be written in SQL (quoted unless a plain lower-case name). */
const sqlName = (name: string): string => (/^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`);

/** Every --db-schemas entry must exist; otherwise the API would serve nothing and say nothing. */
export async function checkExposedSchemas(query: CatalogQuery, schemas: readonly string[]): Promise<void> {
  const rows = await query(`select nspname::text as name from pg_catalog.pg_namespace
    where nspname <> 'information_schema' and nspname !~ '^pg_' order by 1`);
  const existing = new Set(rows.map((r) => String(r.name)));
  const missing = schemas.filter((s) => !existing.has(s));
  if (missing.length === 0) return;
  const list = [...existing].join(', ') || '(none)';
  throw new StartupError(`--db-schemas: ${missing.map((s) => `schema "${s}"`).join(', ')} does not exist in this database. Schemas it has: ${list}.`);
}

/** The anonymous and authenticated roles must exist and the connecting role must be able to switch to them. */
export async function checkRequestRoles(query: CatalogQuery, config: Pick<Config, 'dbAnonRole' | 'dbAuthenticatedRole'>): Promise<void> {
  const wanted: Array<{ role: string; setting: string }> = [];
  if (config.dbAnonRole !== null) wanted.push({ role: config.dbAnonRole, setting: '--db-anon-role' });
  wanted.push({ role: config.dbAuthenticatedRole, setting: '--db-authenticated-role' });
  const rows = await query(
    `select current_user::text as login,
      r.name,
      exists (select from pg_catalog.pg_roles where rolname = r.name) as exists,
      coalesce((select pg_catalog.pg_has_role(current_user, oid, 'MEMBER') from pg_catalog.pg_roles where rolname = r.name), false) as member
    from jsonb_array_elements_text($1::jsonb) as r(name)`,
    [JSON.stringify(wanted.map((w) => w.role))],
  );
  const problems: string[] = [];
  for (const { role, setting } of wanted) {
    const row = rows.find((r) => r.name === role);
    const login = sqlName(String(row?.login ?? 'authenticator'));
    if (!row?.exists) {
      problems.push(
        `role "${role}" (${setting}) does not exist. Create it (as a superuser): create role ${sqlName(role)} nologin; grant ${sqlName(role)} to ${login};`,
      );
    } else if (!row.member) {
      problems.push(`the connecting role ${login} cannot switch to role "${role}" (${setting}). Grant it: grant ${sqlName(role)} to ${login};`);
    }
  }
  if (problems.length > 0) throw new StartupError(problems.join('\n'));
}
