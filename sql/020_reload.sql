-- 020_reload.sql (optional; needs a superuser): reload pg-data-api's schema cache automatically after DDL.
-- pg-data-api LISTENs on channel `pgrst` (like PostgREST); you can also reload by hand with:
--   NOTIFY pgrst, 'reload schema';
-- Idempotent: safe to run on every start-up.
-- The function lives in its own schema so it is never exposed as /rpc/... .
create schema if not exists pgrst;
create or replace function pgrst.watch() returns event_trigger
  language plpgsql
  as $$ begin notify pgrst, 'reload schema'; end $$;

do $$
begin
  if not exists (select from pg_catalog.pg_event_trigger where evtname = 'pgrst_watch') then
    create event trigger pgrst_watch on ddl_command_end execute procedure pgrst.watch();
  end if;
end
$$;
