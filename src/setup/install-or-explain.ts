// Applies sql/ when the connecting role may; a production role that may not is told which file a DBA should run.
import path from 'node:path';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { PROJECT_ROOT } from '../version.ts';
import { installSql } from './install-sql.ts';

/** Whether the connecting role is a superuser, and whether the roles and auth helpers already exist. */
const INSTALL_STATE_QUERY = `select
  (select rolsuper from pg_roles where rolname = current_user) as superuser,
  exists (select from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'auth' and p.proname = 'user_id')
    and exists (select from pg_roles where rolname = 'anonymous')
    and exists (select from pg_roles where rolname = 'authenticated') as installed`;

/** A production role (authenticator) usually may not apply sql/, and needs not once a DBA has: then say so quietly. */
export async function installOrExplain(db: Database, log: Logger): Promise<void> {
  try {
    const [state] = await db.query(INSTALL_STATE_QUERY);
    if (!state?.superuser && state?.installed) {
      log.notice('sql/ helpers (roles, auth.user_id()) are already installed');
      return;
    }
    const { denied } = await installSql(db.runScript);
    for (const file of denied) {
      const relative = path.relative(PROJECT_ROOT, file);
      log.notice(`not allowed to apply ${relative}; ask a DBA to run it (psql -f ${relative})`);
    }
  } catch (error) {
    log.warn(`could not apply sql/ install scripts: ${error instanceof Error ? error.message : String(error)}`);
  }
}
