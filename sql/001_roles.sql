-- Roles for users who start from nothing (idempotent; safe to re-run).
--   authenticator  LOGIN NOINHERIT: the role pg-data-api connects as; it can only switch into the roles below.
--   anonymous      NOLOGIN: requests without a token (--db-anon-role).
--   authenticated  NOLOGIN: requests with a valid token (--db-authenticated-role).
-- No password is set here: set one with `alter role authenticator password '...'`.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    begin
      create role authenticator login noinherit;
    exception when duplicate_object then null; -- created concurrently
    end;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'anonymous') then
    begin
      create role anonymous nologin;
    exception when duplicate_object then null;
    end;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    begin
      create role authenticated nologin;
    exception when duplicate_object then null;
    end;
  end if;
end
$$;

grant anonymous to authenticator;
grant authenticated to authenticator;
