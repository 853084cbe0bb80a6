// The read replica check's statement: is the server a standby, and how far behind the primary is its replay.
import { sql, toStatement, type Statement } from './fragment.ts';

/**
 * `lag_seconds` is 0 while the replica streams (a WAL receiver runs) and has replayed all it received: an idle
 * primary writes no transactions, so the last replay timestamp grows old without the replica being behind. After a
 * restart the receive position starts at the beginning of a WAL segment, behind replay, until new WAL arrives,
 * hence `<=`. Otherwise the age of the last replayed transaction; null when nothing was replayed since it started.
 */
export const REPLICA_STATUS_STATEMENT: Statement = toStatement(sql`SELECT
  pg_is_in_recovery() AS in_recovery,
  CASE
    WHEN NOT pg_is_in_recovery() THEN NULL
    WHEN EXISTS (SELECT FROM pg_stat_wal_receiver) AND pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
    ELSE extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())
  END::float8 AS lag_seconds`);
