-- One PostgreSQL role per app, owning its schema and nothing else (least privilege). What
-- `npm start` and the tests do on the local server (scripts/platform.mjs createServiceRoles),
-- written out for a managed PostgreSQL. Run once as a role with CREATEROLE, connected to the
-- platform's database (express_platform), with a generated password per app:
--
--   psql "postgres://admin@db.example.internal/express_platform" \
--     -v pw_gateway="p$(openssl rand -hex 24)" -v pw_supervision="p$(openssl rand -hex 24)" \
--     -v pw_outlets=… -v pw_subsidies=… -v pw_cold_chain=… -v pw_green=… \
--     -f deploy/postgres/roles.sql
--
-- Then each app gets its own DATABASE_URL, e.g. for the gateway
--   postgres://express_platform_gateway:<pw_gateway>@db.example.internal:5432/express_platform
-- (in Kubernetes the Secret database-gateway, k8s/secrets.example.yaml). deploy/compose.yaml
-- runs this file at the first start of its PostgreSQL (postgres/init-roles.sh).
-- The role names are `<database>_<schema>`, as scripts/platform.mjs serviceRole names them.
-- A role may connect and use only its own schema; it creates no schema and reads no other
-- app's tables (the gateway's role cannot SELECT subsidies.claims: test/access-scope.e2e-spec.ts).
\set ON_ERROR_STOP on

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON DATABASE express_platform FROM PUBLIC;

CREATE ROLE express_platform_cold_chain LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw_cold_chain';
GRANT CONNECT, TEMPORARY ON DATABASE express_platform TO express_platform_cold_chain;
CREATE SCHEMA IF NOT EXISTS cold_chain AUTHORIZATION express_platform_cold_chain;
ALTER SCHEMA cold_chain OWNER TO express_platform_cold_chain;

CREATE ROLE express_platform_green LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw_green';
GRANT CONNECT, TEMPORARY ON DATABASE express_platform TO express_platform_green;
CREATE SCHEMA IF NOT EXISTS green AUTHORIZATION express_platform_green;
ALTER SCHEMA green OWNER TO express_platform_green;

CREATE ROLE express_platform_outlets LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw_outlets';
GRANT CONNECT, TEMPORARY ON DATABASE express_platform TO express_platform_outlets;
CREATE SCHEMA IF NOT EXISTS outlets AUTHORIZATION express_platform_outlets;
ALTER SCHEMA outlets OWNER TO express_platform_outlets;

CREATE ROLE express_platform_subsidies LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw_subsidies';
GRANT CONNECT, TEMPORARY ON DATABASE express_platform TO express_platform_subsidies;
CREATE SCHEMA IF NOT EXISTS subsidies AUTHORIZATION express_platform_subsidies;
ALTER SCHEMA subsidies OWNER TO express_platform_subsidies;

CREATE ROLE express_platform_supervision LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw_supervision';
GRANT CONNECT, TEMPORARY ON DATABASE express_platform TO express_platform_supervision;
CREATE SCHEMA IF NOT EXISTS supervision AUTHORIZATION express_platform_supervision;
ALTER SCHEMA supervision OWNER TO express_platform_supervision;

CREATE ROLE express_platform_gateway LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw_gateway';
GRANT CONNECT, TEMPORARY ON DATABASE express_platform TO express_platform_gateway;
CREATE SCHEMA IF NOT EXISTS gateway AUTHORIZATION express_platform_gateway;
ALTER SCHEMA gateway OWNER TO express_platform_gateway;
