-- Helpers for Row-Level Security policies (idempotent; safe to re-run):
--   auth.jwt() / auth.session()  → jsonb  the verified JWT claims of the current request
--   auth.user_id()               → text   the `sub` claim (NULL when absent)
--   auth.uid()                   → uuid   `sub` as a uuid (NULL when absent or not a uuid)
-- pg-data-api sets `request.jwt.claims` per transaction; these read it. All are STABLE, so a policy
-- can call `(select auth.user_id())` once per statement instead of once per row.
create schema if not exists auth;

create or replace function auth.jwt() returns jsonb
  language sql stable
  as $$ select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb $$;

create or replace function auth.session() returns jsonb
  language sql stable
  as $$ select auth.jwt() $$;

create or replace function auth.user_id() returns text
  language sql stable
  as $$ select nullif(auth.jwt() ->> 'sub', '') $$;

create or replace function auth.uid() returns uuid
  language sql stable
  as $$
    select case
      when auth.user_id() ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
      then auth.user_id()::uuid
    end
  $$;

grant usage on schema auth to public;
grant execute on function auth.jwt(), auth.session(), auth.user_id(), auth.uid() to public;
