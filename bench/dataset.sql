-- Benchmark dataset: RLS tables owned by 100 users (owner = the token's sub), an embed chain and a function.
drop schema if exists bench cascade;
create schema bench;
grant usage on schema bench to anonymous, authenticated;

create table bench.items (
  id      int primary key,
  owner   text not null,
  name    text not null,
  qty     int not null,
  price   numeric(10,2) not null,
  created timestamptz not null
);
insert into bench.items
  select g, 'user' || (g % 100), 'item ' || g, g % 97, (g % 1000) / 10.0, timestamptz '2024-01-01' + g * interval '1 minute'
  from generate_series(1, 100000) g;
create index on bench.items (owner, id);

create table bench.projects (id int primary key, owner text not null, name text not null);
create table bench.tasks (id int primary key, project_id int not null references bench.projects, title text not null);
create table bench.comments (id int primary key, task_id int not null references bench.tasks, body text not null);
insert into bench.projects select g, 'user' || (g % 100), 'project ' || g from generate_series(1, 1000) g;
insert into bench.tasks select g, (g - 1) / 5 + 1, 'task ' || g from generate_series(1, 5000) g;
insert into bench.comments select g, (g - 1) / 3 + 1, 'comment ' || g from generate_series(1, 15000) g;
create index on bench.tasks (project_id);
create index on bench.comments (task_id);

create table bench.notes (
  id    bigint generated always as identity primary key,
  owner text not null default auth.user_id(),
  body  text not null
);

alter table bench.items enable row level security;
alter table bench.projects enable row level security;
alter table bench.notes enable row level security;
create policy own_items on bench.items to authenticated using (owner = auth.user_id());
create policy own_projects on bench.projects to authenticated using (owner = auth.user_id());
create policy own_notes on bench.notes to authenticated using (owner = auth.user_id()) with check (owner = auth.user_id());

grant select on bench.items, bench.projects, bench.tasks, bench.comments to authenticated;
grant select, insert on bench.notes to authenticated;

create function bench.item_name(p_id int) returns text language sql stable
  as $$ select name from bench.items where id = p_id $$;
grant execute on function bench.item_name(int) to authenticated;

-- A slow call (scenario 7 keeps two running while scenario 1's requests are measured).
create function bench.slow(s float8) returns int language sql stable as $$ select 1 from pg_sleep(s) $$;
grant execute on function bench.slow(float8) to authenticated;

analyze;
