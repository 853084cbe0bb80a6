-- 010_auth.sql: the `auth` schema RLS policies use to read the verified JWT claims that
-- pg-data-api puts in the transaction setting `request.jwt.claims` before each statement.
--   auth.jwt() / auth.session()  the claims as jsonb (NULL when there are none)
--   auth.user_id()               the `sub` claim as text (any provider's user id format)
--   auth.uid()                   the `sub` claim as uuid, NULL when `sub` is not a uuid
-- Example policy:  using (owner = (select auth.user_id()))
-- The (select ...) wrapper lets Postgres evaluate it once per statement instead of per row.
-- Idempotent: safe to run on every start-up.

create schema if not exists auth;

-- current_setting(..., true) is NULL when the setting was never defined and '' after a
-- transaction that set it has ended, so both mean "no claims".
create or replace function auth.jwt() returns jsonb
  language sql stable
  as $$ select nullif(current_setting('request.jwt.claims', true), '')::jsonb $$;

create or replace function auth.session() returns jsonb
  language sql stable
  as $$ select auth.jwt() $$;

create or replace function auth.user_id() returns text
  language sql stable
  as $$ select auth.jwt() ->> 'sub' $$;

-- Providers such as Clerk ("user_2abc") or Auth0 ("auth0|123") do not use uuids, so a
-- non-uuid sub gives NULL rather than an error that would fail every query using it.
create or replace function auth.uid() returns uuid
  language sql stable
  as $$
    select case
      when sub ~* '^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$'
        then sub::uuid
    end
    from (select auth.user_id() as sub) as claims
  $$;

grant usage on schema auth to anonymous, authenticated;
grant execute on function auth.jwt(), auth.session(), auth.user_id(), auth.uid() to anonymous, authenticated;
