// Reloads the schema cache on `NOTIFY pgrst, 'reload schema'` (sent by hand or by sql/020_reload.sql).
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';
import type { SchemaStore } from '../schema/schema-store.ts';

export const RELOAD_CHANNEL = 'pgrst';

export function watchSchemaReloads(db: Pick<Database, 'listen'>, store: SchemaStore, log: Logger): Promise<() => Promise<void>> {
  return db.listen(RELOAD_CHANNEL, (payload) => {
    if (payload !== 'reload schema' && payload !== '') return;
    store.reload().then(
      () => log.info('schema cache reloaded'),
      (error) => log.error('schema cache reload failed; keeping the previous cache', { error: String(error) }),
    );
  });
}
