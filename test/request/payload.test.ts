// Request bodies by Content-Type → Payload, and PGRST102 for unusable ones.
import t from 'tap';
import { parsePayload } from '../../src/request/payload.ts';
import { parseCsv } from '../../src/request/csv.ts';
import { errorOf, parse } from './request-helpers.ts';

const table = { isCall: false, columns: null };
const call = { isCall: true, columns: null };
const body = (text: string) => Buffer.from(text);

t.test('JSON', async (t) => {
  t.same(parsePayload(body('{"a":1,"b":null}'), 'application/json', table), {
    json: '{"a":1,"b":null}',
    keys: ['a', 'b'],
    isArray: false,
    contentType: 'application/json',
  });
  t.same(parsePayload(body('[{"a":1,"b":2},{"b":3,"a":4}]'), 'application/json; charset=utf-8', table).keys, ['a', 'b']);
  t.same(parsePayload(body('[]'), undefined, table), { json: '[]', keys: [], isArray: true, contentType: 'application/json' });
  t.same(
    parsePayload(body('[{"a":1},{"b":2}]'), 'application/json', { isCall: false, columns: ['a', 'b'] }).keys,
    ['a', 'b'],
    'columns= allows ragged objects',
  );
  const cases: Array<[string, string]> = [
    ['', 'Empty or invalid json'],
    ['{', 'Empty or invalid json'],
    ['5', 'Empty or invalid json'],
    ['"x"', 'Empty or invalid json'],
    ['null', 'Empty or invalid json'],
    ['[{"a":1},{"b":2}]', 'All object keys must match'],
    ['[1,2]', 'All object keys must match'],
    ['[{"a":1},{"a":1,"b":2}]', 'All object keys must match'],
  ];
  for (const [text, message] of cases) {
    const error = errorOf(() => parsePayload(body(text), 'application/json', table));
    t.same([error?.code, error?.status, error?.message], ['PGRST102', 400, message], text);
  }
});

t.test('CSV', async (t) => {
  t.same(parseCsv('a,b\n1,hi\n2,"bye, ""you"""\r\n3,NULL\n4,\n'), [
    { a: '1', b: 'hi' },
    { a: '2', b: 'bye, "you"' },
    { a: '3', b: null },
    { a: '4', b: '' },
  ]);
  const p = parsePayload(body('id,name\n1,x'), 'text/csv', table);
  t.same([p.keys, p.isArray, JSON.parse(p.json)], [['id', 'name'], true, [{ id: '1', name: 'x' }]]);
  t.same(parseCsv(''), []);
  t.equal(errorOf(() => parseCsv('a,b\n1'))?.message, 'All lines must have same number of fields');
  t.equal(errorOf(() => parseCsv('a\n"x'))?.code, 'PGRST102');
  t.equal(errorOf(() => parseCsv('a\n"x"y'))?.code, 'PGRST102');
});

t.test('form, raw and unsupported types', async (t) => {
  t.same(JSON.parse(parsePayload(body('a=1&b=x+y&c=%2C&a=2'), 'application/x-www-form-urlencoded', table).json), { a: '2', b: 'x y', c: ',' });
  const raw = parsePayload(body('hello'), 'text/plain', call);
  t.same([raw.raw?.toString(), raw.contentType], ['hello', 'text/plain']);
  t.equal(parsePayload(body('\x00\x01'), 'application/octet-stream', call).raw?.length, 2);
  for (const type of ['text/plain', 'application/xml', 'text/html']) {
    const error = errorOf(() => parsePayload(body('x'), type, table));
    t.same([error?.code, error?.message], ['PGRST102', `Content-Type not acceptable: ${type}`], type);
  }
});

t.test('through parseApiRequest', async (t) => {
  const req = parse('columns=a,b', { method: 'POST', headers: { 'content-type': 'application/json' }, body: body('[{"a":1}]') });
  t.same([req.payload?.keys, req.payload?.isArray, req.columns], [['a', 'b'], true, ['a', 'b']]);
  t.equal(parse('', { method: 'PATCH', body: body('{"done":true}') }).payload?.json, '{"done":true}');
  t.equal(errorOf(() => parse('', { method: 'PATCH', body: body('nope') }))?.code, 'PGRST102');
});
