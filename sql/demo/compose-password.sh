#!/bin/sh
# docker compose only: gives the authenticator role the password from AUTHENTICATOR_PASSWORD.
# The SQL is read from stdin so psql interpolates :'pw' as a quoted literal (it does not for -c).
set -e
psql -v ON_ERROR_STOP=1 -U postgres -v pw="$AUTHENTICATOR_PASSWORD" <<'SQL'
alter role authenticator with login password :'pw';
SQL
