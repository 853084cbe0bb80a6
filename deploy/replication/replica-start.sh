#!/bin/sh
# docker-compose.scale.yml only: the first start copies the primary with `pg_basebackup -R` (standby.signal and
# primary_conninfo written for us); every start then runs PostgreSQL as a streaming hot standby.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h primary -U postgres -q; do sleep 1; done
  PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h primary -U replicator -D "$PGDATA" -R -X stream -c fast
  chmod 0700 "$PGDATA"
fi
exec postgres -c hot_standby=on -c hot_standby_feedback=on
