// RPC through app.handle against a real database: arguments, overloads, return shapes, result queries.
import t from 'tap';
import { handle } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import { expectError } from '../helpers/expect-error.ts';
import { startTestApp, toRawRequest, type RequestOptions } from '../helpers/test-app.ts';

const app = await startTestApp();
t.teardown(() => app.close());

/** app.handle without the helper's string conversion, for binary bodies. */
const handleRaw = async (method: string, url: string, options: RequestOptions) => {
  const deps = { config: app.config, schemaCache: () => app.schema.current, authenticator: app.authenticator, executor: app.db.executor, log: silentLogger };
  const response = await handle(toRawRequest(method, url, options), deps);
  return { status: response.status, headers: Object.fromEntries(response.headers.map(([k, v]) => [k.toLowerCase(), v])), body: response.body };
};

t.test('scalar results are bare JSON values, by POST and GET', async (t) => {
  const post = await app.request('POST', '/rpc/add', { body: { a: 1, b: 2 } });
  t.equal(post.status, 200);
  t.equal(post.headers['content-type'], 'application/json; charset=utf-8');
  t.equal(post.body, '3');
  const get = await app.request('GET', '/rpc/add?a=40&b=2');
  t.equal(get.status, 200);
  t.equal(get.body, '42');
  t.equal(get.headers['content-range'], '0-0/*');
  const text = await app.request('GET', '/rpc/greet?name=ann');
  t.equal(text.body, '"hello ann"');
  const json = await app.request('POST', '/rpc/get_json', { body: { j: { deep: [1, { x: null }] } } });
  t.same(json.json(), { deep: [1, { x: null }] });
});

t.test('form-urlencoded arguments', async (t) => {
  const res = await app.request('POST', '/rpc/add', { body: 'a=5&b=6', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  t.equal(res.status, 200, res.body);
  t.equal(res.body, '11');
});

t.test('arguments with defaults may be omitted', async (t) => {
  t.equal((await app.request('POST', '/rpc/greet', { body: {} })).body, '"hello world"');
  t.equal((await app.request('POST', '/rpc/greet')).body, '"hello world"');
  t.equal((await app.request('GET', '/rpc/greet')).body, '"hello world"');
  t.equal((await app.request('GET', '/rpc/now_plus?label=y')).body, '"y:0"');
  t.equal((await app.request('POST', '/rpc/now_plus', { body: { days: 3 } })).body, '"x:3"');
});

t.test('unknown or missing arguments → 404 PGRST202 with a hint', async (t) => {
  const missing = await app.request('POST', '/rpc/add', { body: { a: 1 } });
  t.equal(missing.status, 404);
  t.same(missing.json(), {
    code: 'PGRST202',
    message: 'Could not find the function test.add(a) in the schema cache',
    details:
      'Searched for the function test.add with parameter a or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
    hint: 'Perhaps you meant to call the function test.add(a, b)',
  });
  const extra = await app.request('GET', '/rpc/add?a=1&b=2&c=3');
  t.equal(extra.status, 404);
  t.equal(extra.json().message, 'Could not find the function test.add(a, b, c) in the schema cache');
  t.equal(extra.json().details, 'Searched for the function test.add with parameters a, b, c, but no matches were found in the schema cache.');
  const typo = await app.request('POST', '/rpc/ad', { body: { a: 1, b: 2 } });
  t.equal(typo.status, 404);
  t.equal(typo.json().hint, 'Perhaps you meant to call the function test.add');
  const none = await app.request('GET', '/rpc/zzzzzzzzzzzzzz');
  t.equal(none.json().message, 'Could not find the function test.zzzzzzzzzzzzzz without parameters in the schema cache');
  t.equal(none.json().hint, null);
});

t.test('only functions in exposed schemas are callable', async (t) => {
  const hidden = await app.request('POST', '/rpc/secret');
  t.equal(hidden.status, 404);
  t.equal(hidden.json().code, 'PGRST202');
  const qualified = await app.request('POST', '/rpc/test_hidden.secret');
  await expectError(t, qualified, {
    code: 'PGRST202',
    status: 404,
    message: 'Could not find the function test.test_hidden.secret without parameters in the schema cache',
  });
  const profile = await app.request('POST', '/rpc/secret', { headers: { 'content-profile': 'test_hidden' } });
  t.equal(profile.status, 406);
  t.equal(profile.json().code, 'PGRST106');
});

t.test('overloads resolve by argument names; ambiguity → 300 PGRST203', async (t) => {
  t.equal((await app.request('GET', '/rpc/pick?a=1')).body, '"a"');
  t.equal((await app.request('GET', '/rpc/pick?b=1')).body, '"b"');
  t.equal((await app.request('POST', '/rpc/pick', { body: { a: 1, b: 2 } })).body, '"ab"');
  const ambiguous = await app.request('POST', '/rpc/over', { body: { a: 1 } });
  t.equal(ambiguous.status, 300);
  t.equal(ambiguous.json().code, 'PGRST203');
  t.match(
    ambiguous.json().message,
    /^Could not choose the best candidate function between: test\.over\(a => (integer|text)\), test\.over\(a => (integer|text)\)$/,
  );
  t.equal(ambiguous.json().hint, 'Try renaming the parameters or the function itself in the database so function overloading can be resolved');
});

t.test('a single unnamed json/text/bytea parameter receives the whole body', async (t) => {
  const json = await app.request('POST', '/rpc/echo_json', { body: { any: ['shape', 1] } });
  t.equal(json.status, 200, json.body);
  t.same(json.json(), { any: ['shape', 1] });
  const array = await app.request('POST', '/rpc/echo_json', { body: [{ a: 1 }, { a: 2 }] });
  t.same(array.json(), [{ a: 1 }, { a: 2 }]);
  const text = await app.request('POST', '/rpc/echo_text', { body: 'hello, world', headers: { 'content-type': 'text/plain' } });
  t.equal(text.status, 200, text.body);
  t.equal(text.body, '"HELLO, WORLD"');
  const rawText = await app.request('POST', '/rpc/echo_text', { body: 'plain', headers: { 'content-type': 'text/plain', accept: 'text/plain' } });
  t.equal(rawText.headers['content-type'], 'text/plain; charset=utf-8');
  t.equal(rawText.body, 'PLAIN');
  const bytes = Buffer.from([0, 1, 2, 250, 255]);
  const binary = await handleRaw('POST', '/rpc/echo_bytea', {
    body: bytes,
    headers: { 'content-type': 'application/octet-stream', accept: 'application/octet-stream' },
  });
  t.equal(binary.status, 200);
  t.equal(binary.headers['content-type'], 'application/octet-stream');
  t.same([...(binary.body as Buffer)], [...bytes]);
  const wrongType = await app.request('POST', '/rpc/echo_bytea', { body: 'x', headers: { 'content-type': 'text/plain' } });
  t.equal(wrongType.status, 404);
  t.equal(wrongType.json().message, 'Could not find the function test.echo_bytea in the schema cache');
  t.equal(
    wrongType.json().details,
    'Searched for the function test.echo_bytea with a single unnamed text parameter, but no matches were found in the schema cache.',
  );
});

t.test('VARIADIC arguments: a JSON array in POST, repeated keys in GET', async (t) => {
  const post = await app.request('POST', '/rpc/sum_all', { body: { nums: [1, 2, 3] } });
  t.equal(post.status, 200, post.body);
  t.equal(post.body, '6');
  const get = await app.request('GET', '/rpc/sum_all?nums=4&nums=5&nums=6');
  t.equal(get.status, 200, get.body);
  t.equal(get.body, '15');
  const one = await app.request('GET', '/rpc/sum_all?nums=7');
  t.equal(one.body, '7');
});

t.test('return shapes: rows, single composite, OUT parameters, TABLE, composite type, set of scalars, void', async (t) => {
  const set = await app.request('GET', '/rpc/get_items?min_price=2&select=id,name&order=id');
  t.same(set.json(), [
    { id: 4, name: 'dragonfruit' },
    { id: 5, name: 'eggplant' },
  ]);
  const single = await app.request('POST', '/rpc/item_by_id?select=name,price', { body: { item_id: 2 } });
  t.same(single.json(), { name: 'banana', price: 0.25 });
  const out = await app.request('GET', '/rpc/item_stats');
  t.same(out.json(), { total: 5, max_qty: 50 });
  t.same((await app.request('GET', '/rpc/one_out')).json(), { answer: 42 });
  const table = await app.request('GET', '/rpc/item_names?q=10');
  t.same(table.json(), [
    { item_id: 1, item_name: 'apple' },
    { item_id: 2, item_name: 'banana' },
  ]);
  const pair = await app.request('GET', '/rpc/make_pair?n=3');
  t.same(pair.json(), { left_value: 3, right_value: 'v3' });
  const numbers = await app.request('GET', '/rpc/numbers?n=4');
  t.same(numbers.json(), [1, 2, 3, 4]);
  const none = await app.request('POST', '/rpc/nothing');
  t.equal(none.status, 204);
  t.equal(none.body, '');
  t.equal(none.headers['content-type'], undefined);
});

t.test('a set-returning function is filtered, ordered and paginated through the URL', async (t) => {
  const res = await app.request('GET', '/rpc/get_items?select=id,name&price=gte.0.2&name=neq.dragonfruit&order=price.desc&limit=2&offset=1', {
    headers: { prefer: 'count=exact' },
  });
  t.equal(res.status, 206, res.body);
  t.same(res.json(), [
    { id: 1, name: 'apple' },
    { id: 2, name: 'banana' },
  ]);
  t.equal(res.headers['content-range'], '1-2/3');
  t.equal(res.headers['preference-applied'], 'count=exact');
  const posted = await app.request('POST', '/rpc/get_items?select=name&or=(qty.eq.0,qty.gt.20)&order=name', { body: { min_price: 0 } });
  t.same(posted.json(), [{ name: 'banana' }, { name: 'carrot' }]);
  const ranged = await app.request('GET', '/rpc/get_items?select=id&order=id', { headers: { range: '3-10' } });
  t.equal(ranged.headers['content-range'], '3-4/*');
  t.same(ranged.json(), [{ id: 4 }, { id: 5 }]);
  const table = await app.request('GET', '/rpc/item_names?q=0&item_name=like.*an*&select=item_name');
  t.same(table.json(), [{ item_name: 'banana' }, { item_name: 'eggplant' }]);
  const scalars = await app.request('GET', '/rpc/numbers?n=10&limit=3&offset=2', { headers: { prefer: 'count=exact' } });
  t.same(scalars.json(), [3, 4, 5]);
  t.equal(scalars.headers['content-range'], '2-4/10');
  const unknown = await app.request('GET', '/rpc/get_items?nope=eq.1');
  t.equal(unknown.status, 400);
  t.equal(unknown.json().code, '42703');
  const beyond = await app.request('GET', '/rpc/get_items?offset=50', { headers: { prefer: 'count=exact' } });
  await expectError(t, beyond, { code: 'PGRST103', status: 416, message: 'Requested range not satisfiable' });
  t.match(beyond.json().details, /^An offset of 50 was requested, but there are only \d+ rows\.$/);
});

t.test('a GET key that is an argument is not also a filter; an operator value on a non-argument is a filter', async (t) => {
  const arg = await app.request('GET', '/rpc/greet?name=eq.x');
  t.equal(arg.body, '"hello eq.x"');
  const filter = await app.request('GET', '/rpc/get_items?id=in.(1,3)&select=id');
  t.same(filter.json(), [{ id: 1 }, { id: 3 }]);
});

t.test('Accept: CSV and singular object', async (t) => {
  const csv = await app.request('GET', '/rpc/item_names?q=10', { headers: { accept: 'text/csv' } });
  t.equal(csv.status, 200, csv.body);
  t.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
  t.equal(csv.body, 'item_id,item_name\n1,apple\n2,banana');
  const spaced = await app.request('GET', '/rpc/get_items?select=id,description&id=eq.1', { headers: { accept: 'text/csv' } });
  t.equal(spaced.body, 'id,description\n1,A crisp red apple', 'fields are quoted only when they need it (RFC 4180)');
  const singular = await app.request('GET', '/rpc/get_items?id=eq.3&select=name', { headers: { accept: 'application/vnd.pgrst.object+json' } });
  t.same(singular.json(), { name: 'carrot' });
  const many = await app.request('GET', '/rpc/get_items', { headers: { accept: 'application/vnd.pgrst.object+json' } });
  t.equal(many.status, 406);
  t.equal(many.json().code, 'PGRST116');
  const scalarCsv = await app.request('GET', '/rpc/add?a=1&b=1', { headers: { accept: 'text/csv' } });
  await expectError(t, scalarCsv, { code: 'PGRST107', status: 406, message: 'None of these media types are available: text/csv' });
});

t.test('HEAD runs the function and returns headers only', async (t) => {
  const res = await app.request('HEAD', '/rpc/get_items?limit=2', { headers: { prefer: 'count=exact' } });
  t.equal(res.status, 206);
  t.equal(res.body, '');
  t.equal(res.headers['content-range'], '0-1/5');
});

t.test('volatility decides the transaction mode', async (t) => {
  const before = (await app.sql('select n from test.counter'))[0]!.n as number;
  const post = await app.request('POST', '/rpc/bump', { body: { amount: 2 } });
  t.equal(post.status, 200, post.body);
  t.equal(post.body, String(before + 2));
  const get = await app.request('GET', '/rpc/bump?amount=5');
  t.equal(get.status, 405, get.body);
  t.equal(get.json().code, '25006');
  const stable = await app.request('POST', '/rpc/stable_tick');
  t.equal(stable.status, 405, 'a stable function runs read-only even with POST');
  t.equal(stable.json().code, '25006');
  t.equal((await app.sql('select n from test.counter'))[0]!.n, before + 2, 'only the POST changed the row');
  const method = await app.request('PATCH', '/rpc/bump');
  t.equal(method.status, 405);
  t.equal(method.json().code, 'PGRST101');
});

t.test('bad requests give clean 4xx and change nothing', async (t) => {
  const before = (await app.sql('select n from test.counter'))[0]!.n;
  const attempts: Array<[string, string, (object | string)?, Record<string, string>?]> = [
    ['POST', '/rpc/bump', { amount: 'abc' }],
    ['POST', '/rpc/bump', '{not json'],
    ['POST', '/rpc/bump', [{ amount: 1 }]],
    ['POST', '/rpc/bump', { amount: '1); drop table test.counter; --' }],
    ['POST', '/rpc/bump', { amount: 1, 'x"y': 2 }],
    ['GET', '/rpc/add?a=1&b=2%27%3B%20drop%20table%20test.items%3B--'],
    ['GET', '/rpc/add?a=1&b=1&select=nope'],
    ['GET', '/rpc/%22%3B%20drop%20table%20test.items%3B--'],
    ['POST', '/rpc/bump', 'amount=1', { 'content-type': 'application/xml' }],
  ];
  for (const [method, url, body, headers] of attempts) {
    const res = await app.request(method, url, { body, headers });
    t.ok(res.status >= 400 && res.status < 500, `${method} ${url} ${JSON.stringify(body)} → ${res.status} ${res.body}`);
    t.type(res.json().code, 'string');
  }
  t.equal((await app.sql('select n from test.counter'))[0]!.n, before);
  t.equal((await app.sql('select count(*)::int as n from test.items'))[0]!.n, 5);
});
