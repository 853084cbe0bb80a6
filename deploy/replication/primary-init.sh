#!/bin/sh
# docker-compose.scale.yml only (runs once, from /docker-entrypoint-initdb.d on the primary): a `replicator` role
# with the password from REPLICATION_PASSWORD, allowed to stream WAL to the replica.
set -e
psql -v ON_ERROR_STOP=1 -U postgres -v pw="$REPLICATION_PASSWORD" <<'SQL'
create role replicator with replication login password :'pw';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
