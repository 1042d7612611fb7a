#!/bin/sh
# compose's PostgreSQL at its first start (mounted in /docker-entrypoint-initdb.d, run as the
# owner POSTGRES_USER on POSTGRES_DB): deploy/postgres/roles.sql, each app's role password
# from POSTGRES_PASSWORD_<APP> of deploy/.env.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v pw_gateway="$POSTGRES_PASSWORD_GATEWAY" \
  -v pw_supervision="$POSTGRES_PASSWORD_SUPERVISION" \
  -v pw_outlets="$POSTGRES_PASSWORD_OUTLETS" \
  -v pw_subsidies="$POSTGRES_PASSWORD_SUBSIDIES" \
  -v pw_cold_chain="$POSTGRES_PASSWORD_COLD_CHAIN" \
  -v pw_green="$POSTGRES_PASSWORD_GREEN" \
  -f /etc/platform/roles.sql
