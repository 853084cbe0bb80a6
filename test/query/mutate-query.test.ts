// Plan → SQL for writes without a database: exact text for an insert, values always bound, identifiers quoted.
import t from 'tap';
import { buildConfig } from '../../src/config/config.ts';
import { planRequest } from '../../src/plan/plan.ts';
import type { MutatePlan } from '../../src/plan/mutate-types.ts';
import { buildWriteStatement } from '../../src/query/mutate-statement.ts';
import { parseApiRequest } from '../../src/request/api-request.ts';
import { qualifiedKey, type Column, type SchemaCache, type Table, type TypeRef } from '../../src/schema/types.ts';
import { toRawRequest, type RequestOptions } from '../helpers/test-app.ts';

const int4: TypeRef = { schema: 'pg_catalog', name: 'int4', category: 'N', display: 'integer' };
const text: TypeRef = { schema: 'pg_catalog', name: 'text', category: 'S', display: 'text' };

function column(name: string, type: TypeRef, extra: Partial<Column> = {}): Column {
  return { name, type, nullable: true, hasDefault: false, defaultExpression: null, generated: false, comment: null, ...extra };
}

function table(schema: string, name: string, columns: Column[], primaryKey: string[]): Table {
  return {
    schema,
    name,
    kind: 'table',
    columns,
    columnsByName: new Map(columns.map((c) => [c.name, c])),
    primaryKey,
    comment: null,
    insertable: true,
    updatable: true,
    deletable: true,
  };
}

const todos = table(
  'api',
  'todos',
  [
    column('id', int4, { nullable: false, hasDefault: true, defaultExpression: "nextval('api.todos_id_seq'::regclass)" }),
    column('title', text),
    column('done', text, { hasDefault: true, defaultExpression: "'no'::text" }),
  ],
  ['id'],
);
const hostile = table('s"x', 't"; drop', [column('a"b', int4), column('c', text)], ['a"b']);

// Only what write planning reads; other SchemaCache fields (relationships, …) are not needed here.
const cache = {
  schemas: ['api', 's"x'],
  tables: new Map([
    [qualifiedKey('api', 'todos'), todos],
    [qualifiedKey('s"x', 't"; drop'), hostile],
  ]),
  foreignKeys: [],
  routines: new Map(),
  types: new Map(),
  serverVersion: 170000,
} as unknown as SchemaCache;
const config = buildConfig({ 'db-uri': 'postgres://localhost/x', 'db-schemas': 'api,s"x' });

function statementFor(method: string, url: string, options: RequestOptions = {}) {
  const request = parseApiRequest(toRawRequest(method, url, options), { schemas: config.dbSchemas });
  const plan = planRequest(request, cache, config) as MutatePlan;
  return buildWriteStatement(plan);
}

t.test('a single-object insert, exactly', async (t) => {
  const body = { title: "it's", done: 'yes' };
  const s = statementFor('POST', '/todos', { body });
  t.equal(
    s.text,
    'WITH "pgrst_source" AS (INSERT INTO "api"."todos" AS "pgrst_0" ("title", "done") SELECT "pgrst_body"."title", "pgrst_body"."done" ' +
      'FROM (SELECT pgrst_rec."title" AS "title", pgrst_rec."done" AS "done" FROM (SELECT $1::jsonb AS value, 1 AS ordinality) AS pgrst_elem, ' +
      'LATERAL jsonb_populate_record(NULL::"api"."todos", pgrst_elem.value) AS pgrst_rec ORDER BY pgrst_elem.ordinality) AS "pgrst_body" RETURNING 1) ' +
      'SELECT NULL::bigint AS total, (SELECT pg_catalog.count(*) FROM "pgrst_source")::int AS page_total, NULL::text AS body, ' +
      "nullif(current_setting('response.headers', true), '') AS response_headers, nullif(current_setting('response.status', true), '') AS response_status, " +
      'NULL::text AS location, NULL::int AS inserted',
  );
  t.same(s.values, [JSON.stringify(body)], 'the whole body is one bind parameter');
});

t.test('bulk insert with missing=default evaluates defaults only for absent keys', async (t) => {
  const s = statementFor('POST', '/todos?columns=id,title,done', { headers: { prefer: 'missing=default' }, body: [{ title: 'a' }] });
  t.match(
    s.text,
    `CASE WHEN pgrst_elem.value ? $1 THEN pgrst_rec."id" ELSE (nextval('api.todos_id_seq'::regclass)) END AS "id", pgrst_rec."title" AS "title", `,
  );
  t.match(s.text, `CASE WHEN pgrst_elem.value ? $2 THEN pgrst_rec."done" ELSE ('no'::text) END AS "done"`);
  t.match(s.text, 'FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS pgrst_elem(value, ordinality)');
  t.same(s.values, ['id', 'done', JSON.stringify([{ title: 'a' }])], 'a column without a default is plain (NULL when absent)');
});

t.test('merge upsert tracks inserted rows and projects them away from the representation', async (t) => {
  const s = statementFor('POST', '/todos?select=title', {
    headers: { prefer: 'resolution=merge-duplicates, return=representation' },
    body: { id: 1, title: 'x' },
  });
  t.match(
    s.text,
    'ON CONFLICT ("id") DO UPDATE SET "id" = EXCLUDED."id", "title" = EXCLUDED."title" RETURNING "pgrst_0"."title", ("pgrst_0".xmax = 0) AS "pgrst_inserted"',
  );
  t.match(s.text, '"pgrst_source" AS (SELECT "title" FROM "pgrst_mutation")');
  t.match(s.text, 'FROM "pgrst_source" AS "pgrst_0"');
});

t.test('PUT checks the URL key against the payload row; PATCH with limit uses a ctid window', async (t) => {
  const put = statementFor('PUT', '/todos?id=eq.5', { body: { id: 5, title: 't', done: 'n' } });
  t.match(put.text, 'AS "pgrst_body" WHERE "pgrst_body"."id" = $2 ON CONFLICT ("id") DO UPDATE SET');
  t.same(put.values.slice(1), ['5']);
  const patch = statementFor('PATCH', '/todos?done=eq.no&order=id.desc&limit=2', { body: { done: 'yes' } });
  t.match(patch.text, 'UPDATE "api"."todos" AS "pgrst_0" SET "done" = "pgrst_body"."done" FROM (');
  t.match(
    patch.text,
    'LIMIT 1) AS "pgrst_body" WHERE "pgrst_0".ctid = ANY(ARRAY(SELECT "pgrst_0".ctid FROM "api"."todos" AS "pgrst_0" WHERE "pgrst_0"."done" = $2 ORDER BY "pgrst_0"."id" DESC LIMIT $3))',
  );
  t.same(patch.values.slice(1), ['no', '2']);
});

t.test('hostile identifiers are quoted, hostile values never reach the text', async (t) => {
  const evil = "'); drop table x; --";
  const s = statementFor('PATCH', `/t%22;%20drop?c=eq.${encodeURIComponent(evil)}`, { headers: { 'content-profile': 's"x' }, body: { 'a"b': 1, c: evil } });
  t.match(s.text, 'UPDATE "s""x"."t""; drop" AS "pgrst_0" SET "a""b" = "pgrst_body"."a""b", "c" = "pgrst_body"."c"');
  t.match(s.text, 'jsonb_populate_record(NULL::"s""x"."t""; drop", pgrst_elem.value)');
  t.notMatch(s.text, 'drop table');
  t.same(s.values, [JSON.stringify({ 'a"b': 1, c: evil }), evil]);
});
