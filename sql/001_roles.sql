-- 001_roles.sql: the three roles pg-data-api runs requests as (PostgREST's role system).
--   authenticator  LOGIN NOINHERIT: the server connects as it and switches role per request;
--                  NOINHERIT so it holds no privileges of its own beyond switching.
--   anonymous      NOLOGIN: requests without a token (--db-anon-role).
--   authenticated  NOLOGIN: requests with a valid token (--db-authenticated-role).
-- No password is set here: set one yourself (ALTER ROLE authenticator PASSWORD ...) or use
-- another auth method in pg_hba.conf. Idempotent: safe to run on every start-up, even by two
-- processes at once (a concurrent CREATE ROLE raises duplicate_object, which is ignored).

do $$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = 'authenticator') then
    begin
      create role authenticator login noinherit nocreatedb nocreaterole nosuperuser;
    exception when duplicate_object then null;
    end;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'anonymous') then
    begin
      create role anonymous nologin;
    exception when duplicate_object then null;
    end;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'authenticated') then
    begin
      create role authenticated nologin;
    exception when duplicate_object then null;
    end;
  end if;
end
$$;

-- GRANT of an already-granted role only raises a notice, so this is safe to repeat.
grant anonymous to authenticator;
grant authenticated to authenticator;
