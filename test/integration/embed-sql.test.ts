// The SQL of an embedding request: one statement with lateral joins, user text only in bind values; hostile names.
import t from 'tap';
import { planRequest } from '../../src/plan/plan.ts';
import { buildTransaction } from '../../src/query/build-transaction.ts';
import { parseApiRequest } from '../../src/request/api-request.ts';
import { startTestApp, toRawRequest } from '../helpers/test-app.ts';

const app = await startTestApp();
t.teardown(() => app.close());

const statementsFor = (url: string) => {
  const request = parseApiRequest(toRawRequest('GET', url), { schemas: app.config.dbSchemas });
  const plan = planRequest(request, app.schema.current, app.config);
  if (plan.kind === 'root' || plan.kind === 'info') throw new Error('not a database plan');
  return buildTransaction(plan, { role: 'anonymous', claims: {}, anonymous: true } as never, app.config).statements;
};

t.test('two levels of embedding are one main statement of lateral subqueries', async (t) => {
  const statements = statementsFor('/em_projects?select=name,owner:em_users!owner_id(name),em_tasks(title,em_tags(name))&em_tasks.title=eq.secret%27value');
  t.equal(statements.length, 2, 'settings + one main statement');
  const main = statements[1]!;
  t.equal(main.text.match(/JOIN LATERAL/g)?.length, 3);
  t.match(main.text, /json_agg/);
  t.notOk(main.text.includes("secret'value"), 'filter values are never in the SQL text');
  t.ok(main.values.includes("secret'value"));
});

t.test('hostile embed names, aliases and hints come back as clean 4xx', async (t) => {
  const attempts = [
    '/em_projects?select=name,%22em_users%22%22;drop table test.em_tasks;--%22(name)',
    '/em_projects?select=name,em_users!%22x%22%22);drop table test.em_tasks;--%22(name)',
    '/em_projects?select=name,em_users!x y$1(name)',
    '/em_projects?select=name,my owner:em_users!owner_id(name)&my owner.name=eq.%27;drop',
    '/em_projects?select=name,em_tasks(title)&em_tasks.%C4%8Daj=eq.1',
    '/em_projects?select=name,em_tasks(title)&em_tasks.order=title;drop',
    '/em_projects?select=name,em_tasks(title)&em_tasks.limit=1;drop',
    `/em_projects?select=${'em_tasks('.repeat(70)}title${')'.repeat(70)}`,
  ];
  for (const url of attempts) {
    const res = await app.request('GET', url);
    t.ok(res.status >= 200 && res.status < 500, `${url.slice(0, 80)} → ${res.status} ${res.body.slice(0, 160)}`);
  }
  const aliased = await app.request('GET', '/em_projects?select=name,%C4%8Dlen t$:em_users!owner_id(name)&id=eq.1&%C4%8Dlen t$.name=neq.x');
  t.same(aliased.json(), [{ name: 'apollo', 'člen t$': { name: 'ada' } }]);
  const [row] = await app.sql('select count(*)::int as n from test.em_tasks');
  t.equal(row!.n, 5, 'the tables are intact');
});
