#!/bin/sh
# docker compose only: gives the authenticator role the password from AUTHENTICATOR_PASSWORD.
set -e
psql -v ON_ERROR_STOP=1 -U postgres -v pw="$AUTHENTICATOR_PASSWORD" -c "alter role authenticator with login password :'pw'"
