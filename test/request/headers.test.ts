// Range/limit/offset, Prefer, Accept, Content-Profile/Accept-Profile and Cookie parsing.
import t from 'tap';
import { errorOf, parse } from './request-helpers.ts';
import { parsePreferences } from '../../src/request/preferences.ts';
import { negotiateAccept } from '../../src/request/accept.ts';
import { parseCookies } from '../../src/request/cookies.ts';

t.test('ranges', async (t) => {
  const cases: Array<[string, Record<string, string>, string, unknown]> = [
    ['limit=10', {}, 'GET', [{ path: [], offset: 0, limit: 10 }]],
    ['offset=5', {}, 'GET', [{ path: [], offset: 5, limit: null }]],
    ['limit=10&offset=5', {}, 'GET', [{ path: [], offset: 5, limit: 10 }]],
    ['limit=0', {}, 'GET', [{ path: [], offset: 0, limit: 0 }]],
    ['offset=-4', {}, 'GET', [{ path: [], offset: 0, limit: null }]],
    ['', { range: '0-9' }, 'GET', [{ path: [], offset: 0, limit: 10 }]],
    ['', { range: '10-' }, 'GET', [{ path: [], offset: 10, limit: null }]],
    ['limit=5', { range: '0-9' }, 'GET', [{ path: [], offset: 0, limit: 5 }]],
    ['limit=50', { range: '2-9' }, 'GET', [{ path: [], offset: 2, limit: 8 }]],
    ['offset=3', { range: '0-9' }, 'GET', [{ path: [], offset: 3, limit: 7 }]],
    ['', { range: 'items=0-9' }, 'GET', []],
    ['', { range: 'banana' }, 'GET', []],
    ['', { range: '0-9' }, 'DELETE', []],
    ['tasks.limit=2&tasks.offset=1', {}, 'GET', [{ path: ['tasks'], offset: 1, limit: 2 }]],
    ['a.b.limit=1', {}, 'GET', [{ path: ['a', 'b'], offset: 0, limit: 1 }]],
  ];
  for (const [query, headers, method, ranges] of cases)
    t.same(parse(query, { method, headers }).ranges, ranges, `${method} ${query} ${JSON.stringify(headers)}`);
  t.equal(parse('', { headers: { range: '0-9' } }).rangeHeaderPresent, true);

  const negative = errorOf(() => parse('limit=-1'));
  t.same([negative?.code, negative?.status, negative?.details], ['PGRST103', 416, 'Limit should be greater than or equal to zero.']);
  const offside = errorOf(() => parse('', { headers: { range: '5-2' } }));
  t.same([offside?.code, offside?.details], ['PGRST103', 'The lower boundary must be lower than or equal to the upper boundary in the Range header.']);
  t.equal(errorOf(() => parse('offset=20', { headers: { range: '0-9' } }))?.code, 'PGRST103', 'disjoint header and offset');
  for (const q of ['limit=abc', 'limit=1.5', 'offset=x', 'limit=', 'limit=99999999999999999999']) t.equal(errorOf(() => parse(q))?.code, 'PGRST100', q);
});

t.test('Prefer', async (t) => {
  const p = parsePreferences(
    'return=representation, count=exact,resolution=merge-duplicates ,missing=default, tx=rollback, handling=lenient, timezone=Europe/Paris, max-affected=5, bogus, params=single-object',
  );
  t.same(
    [p.return, p.count, p.resolution, p.missing, p.tx, p.handling, p.timezone, p.maxAffected],
    ['representation', 'exact', 'merge-duplicates', 'default', 'rollback', 'lenient', 'Europe/Paris', 5],
  );
  t.same(p.applied, [
    'resolution=merge-duplicates',
    'missing=default',
    'return=representation',
    'count=exact',
    'tx=rollback',
    'handling=lenient',
    'timezone=Europe/Paris',
  ]);
  t.same(p.invalid, ['bogus', 'params=single-object']);
  t.equal(parsePreferences('tx=commit, tx=rollback').tx, 'commit', 'the first occurrence wins');
  t.same(parsePreferences('return=minimal, return=representation').applied, ['return=minimal']);
  t.same(parsePreferences('handling=strict, max-affected=10').applied, ['handling=strict', 'max-affected=10']);
  t.same(parsePreferences(undefined).applied, []);
  t.equal(parsePreferences('count=exactly').count, null);
  t.equal(parsePreferences('max-affected=ten').maxAffected, null);
  const strict = errorOf(() => parse('', { headers: { prefer: 'handling=strict, foo, count=bar' } }));
  t.same([strict?.code, strict?.status, strict?.details], ['PGRST122', 400, 'Invalid preferences: foo, count=bar']);
  t.equal(
    errorOf(() => parse('', { headers: { prefer: 'handling=lenient, foo' } })),
    null,
  );
});

t.test('Accept', async (t) => {
  const read = { kind: 'read', headOnly: false } as const;
  const cases: Array<[string | undefined, unknown]> = [
    [undefined, { type: 'application/json', stripNulls: false }],
    ['*/*', { type: 'application/json', stripNulls: false }],
    ['application/*', { type: 'application/json', stripNulls: false }],
    ['text/csv', { type: 'text/csv', stripNulls: false }],
    ['text/*', { type: 'text/csv', stripNulls: false }],
    ['application/json;q=0.5, text/csv', { type: 'text/csv', stripNulls: false }],
    ['text/csv;q=0.1, application/json;q=0.9', { type: 'application/json', stripNulls: false }],
    ['application/xml, text/csv;q=0.2', { type: 'text/csv', stripNulls: false }],
    ['application/vnd.pgrst.object+json;nulls=stripped', { type: 'application/vnd.pgrst.object+json', stripNulls: true }],
    ['application/vnd.pgrst.array+json; nulls=stripped', { type: 'application/vnd.pgrst.array+json', stripNulls: true }],
    ['application/vnd.pgrst.object', { type: 'application/vnd.pgrst.object+json', stripNulls: false }],
    ['application/json;nulls=stripped', { type: 'application/json', stripNulls: false }],
    ['application/geo+json', { type: 'application/geo+json', stripNulls: false }],
  ];
  for (const [header, expected] of cases) t.same(negotiateAccept(header, read), expected, String(header));
  t.same(negotiateAccept('text/plain', { kind: 'call', method: 'POST' }).type, 'text/plain');
  // Without PostGIS the GeoJSON entry is skipped: the client's fallback wins, and GeoJSON alone is 406.
  t.same(negotiateAccept('application/geo+json, application/json;q=0.5', read, false), { type: 'application/json', stripNulls: false });
  t.equal(errorOf(() => negotiateAccept('application/geo+json', read, false))?.code, 'PGRST107');
  t.same(negotiateAccept('application/openapi+json', { kind: 'root', headOnly: false }).type, 'application/openapi+json');
  const none = errorOf(() => negotiateAccept('application/xml, text/html;q=0.9', read));
  t.same([none?.code, none?.status, none?.message], ['PGRST107', 406, 'None of these media types are available: application/xml, text/html']);
  t.equal(errorOf(() => negotiateAccept('application/json;q=0', read))?.code, 'PGRST107');
  t.equal(errorOf(() => negotiateAccept('text/plain', read))?.code, 'PGRST107', 'tables do not produce text/plain');
});

t.test('profiles', async (t) => {
  t.same(
    [parse('', { headers: { 'accept-profile': 'private' } }).schema, parse('', { headers: { 'accept-profile': 'private' } }).schemaFromProfile],
    ['private', true],
  );
  t.equal(
    parse('', { method: 'DELETE', headers: { 'accept-profile': 'nope', 'content-profile': 'private' } }).schema,
    'private',
    'writes read Content-Profile',
  );
  t.equal(parse('', { headers: { 'content-profile': 'nope' } }).schema, 'public', 'reads ignore Content-Profile');
  const bad = errorOf(() => parse('', { headers: { 'accept-profile': 'secret' } }));
  t.same(
    [bad?.code, bad?.status, bad?.message, bad?.hint],
    ['PGRST106', 406, 'Invalid schema: secret', 'Only the following schemas are exposed: public, private'],
  );
});

t.test('cookies', async (t) => {
  t.same(parseCookies('a=1; b="two words"; a=3; bad; c=x=y'), { a: '1', b: 'two words', c: 'x=y' });
  t.same(parseCookies(undefined), {});
  t.same(parseCookies('__proto__=x'), { ['__proto__']: 'x' });
});
