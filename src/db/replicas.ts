// Opens the read replicas of a Config and puts a ReadRouter in front of the primary's executor.
import type { Config } from '../config/config.ts';
import { DEFAULTS } from '../config/defaults.ts';
import type { Logger } from '../log.ts';
import { databaseOptions, openDatabase, type Database } from './database.ts';
import { ReadRouter, serverName } from './read-router.ts';

/**
 * Without db-replica-uri the primary's Database as it is. Otherwise the same Database whose executor is the
 * router (introspection, LISTEN and SQL scripts stay on the primary); each replica gets a pool of db-pool connections
 * and the same executor kind. Replicas join the rotation as their first check passes (milliseconds).
 */
export function withReadReplicas(primary: Database, primaryUri: string, config: Readonly<Config>, log: Logger): Database {
  if (config.dbReplicaUris.length === 0) return primary;
  const replicas = config.dbReplicaUris.map((uri) => {
    const replica = openDatabase(uri, databaseOptions(config));
    return { server: serverName(uri), executor: { run: replica.executor.run.bind(replica.executor), close: () => replica.close() } };
  });
  const router = new ReadRouter({
    primary: { server: serverName(primaryUri), executor: primary.executor },
    replicas,
    maxLagSeconds: config.dbReplicaMaxLag,
    checkIntervalMs: DEFAULTS.replicaCheckIntervalMs,
    checkTimeoutMs: DEFAULTS.readinessProbeTimeoutMs,
    log,
  });
  router.start();
  return {
    ...primary,
    executor: router,
    routing: () => router.routing(),
    async close() {
      await router.close();
      await primary.close();
    },
  };
}
