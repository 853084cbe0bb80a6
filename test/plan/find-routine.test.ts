// Overload choice for /rpc/<name> by argument names on the frozen catalog, and PGRST202/203 as PostgREST words them.
import t from 'tap';
import { findRoutine, type CallSignature } from '../../src/plan/find-routine.ts';
import type { MediaType } from '../../src/request/types.ts';
import type { Routine } from '../../src/schema/types.ts';
import { frozenCache } from '../helpers/frozen-cache.ts';
import { expectError, thrownError } from '../helpers/expect-error.ts';

const post = (keys: string[], contentType: MediaType = 'application/json'): CallSignature => ({
  keys: new Set(keys),
  optionalKeys: new Set(),
  isPost: true,
  contentType,
});
const get = (keys: string[], optionalKeys: string[] = []): CallSignature => ({
  keys: new Set(keys),
  optionalKeys: new Set(optionalKeys),
  isPost: false,
  contentType: 'application/json',
});
const find = (name: string, signature: CallSignature): Routine => findRoutine(frozenCache, 'test', name, signature);
/** `name(arg type, …)`: which overload was chosen. */
const signatureOf = (r: Routine): string => `${r.name}(${r.parameters.map((p) => `${p.name} ${p.type.name}`).join(', ')})`;

t.test('overloads are told apart by argument names', async (t) => {
  t.equal(signatureOf(find('pick', post(['a']))), 'pick(a int4)');
  t.equal(signatureOf(find('pick', post(['b']))), 'pick(b text)');
  t.equal(signatureOf(find('pick', post(['a', 'b']))), 'pick(a int4, b int4)');
  t.equal(signatureOf(find('pick', get(['b']))), 'pick(b text)', 'GET keys count the same');
});

t.test('parameters with defaults may be left out; unknown keys never match', async (t) => {
  t.equal(signatureOf(find('greet', post([]))), 'greet(name text)');
  t.equal(signatureOf(find('greet', post(['name']))), 'greet(name text)');
  t.equal(signatureOf(find('now_plus', get(['label']))), 'now_plus(days int4, label text)');
  await expectError(t, () => find('greet', post(['name', 'extra'])), { code: 'PGRST202', status: 404 });
  await expectError(t, () => find('add', post(['a'])), { code: 'PGRST202', message: 'Could not find the function test.add(a) in the schema cache' });
});

t.test('GET keys whose value is an operator expression are arguments only where a parameter has that name', async (t) => {
  t.equal(signatureOf(find('get_items', get([], ['min_price']))), 'get_items(min_price numeric)', 'a known name is an argument');
  t.equal(signatureOf(find('get_items', get([], ['id']))), 'get_items(min_price numeric)', 'an unknown name is a filter on the result');
  await expectError(t, () => find('get_items', get(['id'])), { code: 'PGRST202' });
});

t.test('a single unnamed parameter takes the whole body when its type fits the media type', async (t) => {
  t.equal(signatureOf(find('echo_json', post(['x', 'y']))), 'echo_json( json)', 'JSON keys that name no parameter');
  t.equal(signatureOf(find('echo_text', post([], 'text/plain'))), 'echo_text( text)');
  t.equal(signatureOf(find('echo_bytea', post([], 'application/octet-stream'))), 'echo_bytea( bytea)');
  await expectError(t, () => find('echo_text', post([], 'application/octet-stream')), { code: 'PGRST202' });
  await expectError(t, () => find('echo_json', get(['x'])), { code: 'PGRST202' });
  await expectError(t, () => find('nothing', post([], 'text/plain')), { code: 'PGRST202' });
});

t.test('PGRST203: several overloads fit the same names', async (t) => {
  t.match(
    thrownError(() => find('over', post(['a']))),
    {
      code: 'PGRST203',
      status: 300,
      message: 'Could not choose the best candidate function between: test.over(a => integer), test.over(a => text)',
      hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
    },
  );
});

t.test('PGRST202: message, details and hint follow PostgREST', async (t) => {
  t.match(
    thrownError(() => find('add', post(['a', 'c']))),
    {
      code: 'PGRST202',
      message: 'Could not find the function test.add(a, c) in the schema cache',
      details:
        'Searched for the function test.add with parameters a, c or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
      hint: 'Perhaps you meant to call the function test.add(a, b)',
    },
  );
  t.match(
    thrownError(() => find('ad', get([]))),
    {
      message: 'Could not find the function test.ad without parameters in the schema cache',
      details: 'Searched for the function test.ad without parameters, but no matches were found in the schema cache.',
      hint: 'Perhaps you meant to call the function test.add',
    },
    'an unknown name suggests a close function',
  );
  t.match(
    thrownError(() => find('pick', get(['c']))),
    {
      message: 'Could not find the function test.pick(c) in the schema cache',
      details: 'Searched for the function test.pick with parameter c, but no matches were found in the schema cache.',
    },
  );
  t.match(
    thrownError(() => find('nothing', post([], 'text/plain'))),
    {
      message: 'Could not find the function test.nothing in the schema cache',
      details: 'Searched for the function test.nothing with a single unnamed text parameter, but no matches were found in the schema cache.',
      hint: null,
    },
    'a raw body searches for one unnamed parameter and offers no hint',
  );
  await expectError(t, () => findRoutine(frozenCache, 'test_hidden', 'secret', get([])), { code: 'PGRST202' });
});
