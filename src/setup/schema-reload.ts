// LISTEN on the reload channel (db-channel, `pgrst`): 'reload schema' (by hand or sql/020_reload.sql) and 'reload config'.
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';
import type { SchemaStore } from '../schema/schema-store.ts';

export const RELOAD_CHANNEL = 'pgrst';

export interface ReloadActions {
  reloadSchema(reason: string): void;
  reloadConfig(reason: string): void;
}

/** PostgREST's payloads: 'reload schema' (an empty payload too) and 'reload config'; others are ignored. */
export function watchNotifications(db: Pick<Database, 'listen'>, channel: string, actions: ReloadActions): Promise<() => Promise<void>> {
  return db.listen(channel, (payload) => {
    const reason = `NOTIFY ${channel}, '${payload}'`;
    if (payload === 'reload schema' || payload === '') actions.reloadSchema(reason);
    else if (payload === 'reload config') actions.reloadConfig(reason);
  });
}

/** Schema reloads only, for callers that hold a bare SchemaStore (tests). */
export function watchSchemaReloads(db: Pick<Database, 'listen'>, store: SchemaStore, log: Logger): Promise<() => Promise<void>> {
  return watchNotifications(db, RELOAD_CHANNEL, {
    reloadSchema: () =>
      void store.reload().then(
        () => log.notice('schema cache reloaded'),
        (error) => log.error('schema cache reload failed; keeping the previous cache', { error: String(error) }),
      ),
    reloadConfig: () => {},
  });
}
