// SQL text for reads: values only as $n, identifiers always quoted, hostile names stay inert.
import t from 'tap';
import { READ_ONLY_SELECT } from '../../src/query/read-only.ts';
import { planRequest } from '../../src/plan/plan.ts';
import type { ReadRequestPlan } from '../../src/plan/types.ts';
import { quoteIdent } from '../../src/query/quote.ts';
import { buildReadStatement } from '../../src/query/main-statement.ts';
import { buildSettingsStatement } from '../../src/query/tx-settings.ts';
import { frozenCache, parse, testConfig } from '../helpers/frozen-cache.ts';

const statement = (url: string, headers: Record<string, string> = {}, config = testConfig()) =>
  buildReadStatement(planRequest(parse('GET', url, headers), frozenCache, config) as ReadRequestPlan);

t.test('the foundation example', async (t) => {
  const s = statement('/items?select=name,qty&qty=gt.3&order=name.desc&limit=2');
  t.equal(
    s.text,
    'WITH pgrst_source AS (SELECT "pgrst_0"."name" AS "name", "pgrst_0"."qty" AS "qty" FROM "test"."items" AS "pgrst_0" WHERE "pgrst_0"."qty" > $1 ORDER BY "pgrst_0"."name" DESC LIMIT $2) ' +
      "SELECT NULL::bigint AS total, pg_catalog.count(_pgrst_t)::int AS page_total, coalesce(json_agg(_pgrst_t), '[]')::text AS body, " +
      "nullif(current_setting('response.headers', true), '') AS response_headers, nullif(current_setting('response.status', true), '') AS response_status FROM pgrst_source AS _pgrst_t",
  );
  t.same(s.values, ['3', '2']);
});

t.test('every user value is a parameter, never SQL text', async (t) => {
  const hostile = `'; drop table test.items; --`;
  const s = statement(`/items?name=eq.${encodeURIComponent(hostile)}&or=(name.like.${encodeURIComponent('*"x*')},id.in.(1,2))`);
  t.notMatch(s.text, /drop table/);
  t.ok(s.values.includes(hostile));
  t.ok(s.values.includes('%"x%'));
  t.ok(s.values.includes('{"1","2"}'));
});

t.test('JSON path keys are bind values (never SQL text); a repeated key reuses its parameter; identifiers are quoted', async (t) => {
  const s = statement(`/items?select=v:data->>${encodeURIComponent("a'b\\")}&data->${encodeURIComponent("x\\'; drop")}=is.null`);
  t.match(s.text, /"pgrst_0"\."data"->>\$1::text AS "v"/);
  t.match(s.text, /"pgrst_0"\."data"->\$2::text IS NULL/);
  t.notMatch(s.text, /drop|a'b/);
  t.same(s.values.slice(0, 2), ["a'b\\", "x\\'; drop"]);
  const grouped = statement('/items?select=data->>k,count()&data->>k=eq.1', {}, { ...testConfig(), dbAggregatesEnabled: true });
  t.equal(grouped.values.filter((v) => v === 'k').length, 1, 'one parameter for one key, so SELECT and GROUP BY match');
  t.equal(grouped.text.match(/->>\$1::text/g)?.length, 3);
  const weird = statement('/weird%20names?select=%22quo%5C%22te%22');
  t.match(weird.text, /"pgrst_0"\."quo""te" AS "quo""te"/);
});

t.test('quoteIdent doubles quotes and drops NUL', async (t) => {
  t.equal(quoteIdent('a"b'), '"a""b"');
  t.equal(quoteIdent('a\u0000b'), '"ab"');
  t.equal(quoteIdent('x.y'), '"x.y"', 'no splitting on dots');
  t.equal(quoteIdent('$1'), '"$1"');
});

t.test('the settings statement is fixed text with bound values', async (t) => {
  const s = buildSettingsStatement({
    readOnly: false,
    role: `web'; reset role; --`,
    claimsJson: JSON.stringify({ sub: 'u1' }),
    method: 'GET',
    path: '/items',
    headers: { a: '1' },
    cookies: {},
    searchPath: ['test', 'public'],
  });
  t.notMatch(s.text, /reset role/);
  t.match(s.text, /^SELECT set_config\('search_path', \$1, true\), set_config\('role', \$2, true\)/);
  t.same(s.values.slice(0, 3), ['"test", "public"', `web'; reset role; --`, '{"sub":"u1"}']);
});

t.test("a read's settings statement makes the transaction read-only first, with the same parameters", async (t) => {
  const context = { role: 'web', claimsJson: '{}', method: 'GET', path: '/items', headers: {}, cookies: {}, searchPath: ['test'] };
  const read = buildSettingsStatement({ ...context, readOnly: true });
  const write = buildSettingsStatement({ ...context, readOnly: false });
  t.ok(read.text.startsWith(`${READ_ONLY_SELECT}, set_config('search_path', $1, true)`), read.text);
  t.notOk(write.text.includes('transaction_read_only'));
  t.same(read.values, write.values);
});

t.test('the settings statement with every kind of setting: each value bound at its own $n, in PostgREST order', async (t) => {
  const context = {
    readOnly: true,
    role: 'web',
    claimsJson: '{"sub":"u"}',
    method: 'GET',
    path: '/items',
    headers: { h: '1' },
    cookies: { c: '2' },
    searchPath: ['api', 'extra', 'api'],
    roleSettings: [['statement_timeout', '1s'] as const],
    functionSettings: [['work_mem', '64kB'] as const, ['search_path', 'fn'] as const],
    timezone: 'UTC',
    appSettings: [['app.settings.x', 'y'] as const],
  };
  const s = buildSettingsStatement(context);
  const calls = [...s.text.matchAll(/set_config\((\$\d+|'[^']+'), (\$\d+|'[^']+'), true\)/g)].map(([, name, value]) => [name, value]);
  const value = (ref: string) => (ref.startsWith('$') ? s.values[Number(ref.slice(1)) - 1] : ref.slice(1, -1));
  t.same(
    calls.map(([name, v]) => [value(name!), value(v!)]),
    [
      ['transaction_read_only', 'on'],
      ['search_path', '"api", "extra"'],
      ['statement_timeout', '1s'],
      ['role', 'web'],
      ['request.jwt.claims', '{"sub":"u"}'],
      ['request.method', 'GET'],
      ['request.path', '/items'],
      ['request.headers', '{"h":"1"}'],
      ['request.cookies', '{"c":"2"}'],
      ['timezone', 'UTC'],
      ['work_mem', '64kB'],
      ['search_path', 'fn'],
      ['app.settings.x', 'y'],
    ],
  );
  // The text is made once per shape: a second request of the same shape shares it, with its own values.
  const again = buildSettingsStatement({ ...context, role: 'other', searchPath: ['other'] });
  t.equal(again.text, s.text);
  t.same([again.values[0], again.values[3]], ['"other"', 'other']);
  t.not(buildSettingsStatement({ ...context, timezone: null }).text, s.text, 'another shape, another text');
});

t.test('HEAD and counts change the body and total expressions', async (t) => {
  const head = buildReadStatement(planRequest(parse('HEAD', '/items'), frozenCache, testConfig()) as ReadRequestPlan);
  t.match(head.text, /NULL::text AS body/);
  const counted = statement('/items?id=gt.1', { prefer: 'count=exact' });
  t.match(counted.text, / \(SELECT pg_catalog\.count\(\*\) FROM "test"\."items" AS "pgrst_0" WHERE "pgrst_0"\."id" > \$2\) AS total/);
  t.same(counted.values, ['1', '1'], 'the count repeats the filter values as its own parameters');
});
