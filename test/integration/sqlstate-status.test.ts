// SQLSTATE → HTTP status as PostgREST v13's pgErrorStatus, on errors a real PostgreSQL raises; client-error-verbosity.
import t from 'tap';
import { statusForSqlState } from '../../src/errors/pg-error.ts';
import { startTestApp } from '../helpers/test-app.ts';

const app = await startTestApp();
t.teardown(() => app.close());
await app.sql(`
  create function test.raise_state(state text, msg text) returns void language plpgsql as $$
  begin raise exception using errcode = state, message = msg, detail = 'some detail', hint = 'some hint'; end $$;
  grant execute on function test.raise_state(text, text) to public;
  create table test.recursive_rls (id int primary key);
  alter table test.recursive_rls enable row level security;
  create policy self on test.recursive_rls using (exists (select 1 from test.recursive_rls));
  grant select on test.recursive_rls to public;
  create function test.two_rows() returns int language sql stable as $$ select (select x from (values (1), (2)) v(x)) $$;
  grant execute on function test.two_rows() to public`);
await app.schema.reload();

const raised = (state: string, msg = 'boom') => app.request('POST', '/rpc/raise_state', { body: { state, msg } });

t.test('raised SQLSTATEs map like PostgREST', async (t) => {
  const cases: Array<[string, string, number]> = [
    ['42P17', 'infinite recursion', 500],
    ['21000', 'DELETE requires a WHERE clause', 400],
    ['21000', 'more than one row returned by a subquery used as an expression', 500],
    ['54001', 'stack depth limit exceeded', 500],
    ['54000', 'program limit exceeded', 500],
    ['53400', 'configuration limit exceeded', 500],
    ['53100', 'disk full', 503],
    ['57P01', 'terminating connection due to administrator command', 503],
    ['57014', 'canceling statement', 500],
    ['PT402', 'payment', 402],
    ['PTABC', 'not a number', 500],
    ['P0001', 'raised', 400],
    ['P0004', 'assert', 500],
    ['22023', 'invalid parameter value', 400],
  ];
  for (const [state, msg, status] of cases) {
    const res = await raised(state, msg);
    t.equal(res.status, status, `${state} ${msg}`);
    t.equal(res.json().code, state);
    t.equal(res.headers['proxy-status'], `PostgREST; error=${state}`);
  }
});

t.test('the same statuses from errors PostgreSQL raises by itself', async (t) => {
  const recursion = await app.request('GET', '/recursive_rls');
  t.equal(recursion.json().code, '42P17', recursion.body);
  t.equal(recursion.status, 500);
  const cardinality = await app.request('GET', '/rpc/two_rows');
  t.equal(cardinality.json().code, '21000');
  t.equal(cardinality.status, 500);
});

t.test('42883 from xmlagg is 406; 42501 is 401 anonymous, 403 authenticated', async (t) => {
  t.equal(statusForSqlState('42883', false, 'function xmlagg(test.items) does not exist'), 406);
  t.equal(statusForSqlState('42883', false, 'function nope() does not exist'), 404);
  t.equal(statusForSqlState('42501', false), 401);
  t.equal(statusForSqlState('42501', true), 403);
});

t.test('client-error-verbosity = minimal: code and message only', async (t) => {
  const verbose = await raised('P0001', 'visible');
  t.same(verbose.json(), { code: 'P0001', message: 'visible', details: 'some detail', hint: 'some hint' });
  const minimal = await startTestApp({ 'client-error-verbosity': 'minimal' });
  t.teardown(() => minimal.close());
  await minimal.sql(`create function test.raise_state(state text, msg text) returns void language plpgsql as $$
    begin raise exception using errcode = state, message = msg, detail = 'some detail', hint = 'some hint'; end $$`);
  await minimal.schema.reload();
  const res = await minimal.request('POST', '/rpc/raise_state', { body: { state: 'P0001', msg: 'visible' } });
  t.equal(res.status, 400);
  t.same(res.json(), { code: 'P0001', message: 'visible' });
  const planner = await minimal.request('GET', '/itemz');
  t.same(Object.keys(planner.json()), ['code', 'message'], 'PGRST errors too');
  t.equal(planner.headers['proxy-status'], 'PostgREST; error=PGRST205');
});
