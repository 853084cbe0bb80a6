// Deeply nested JSON: bodies over the depth cap are 400 PGRST102, tokens 401 PGRST301, nothing logs a stack.
import { CompactSign } from 'jose';
import t from 'tap';
import { handle } from '../../src/app.ts';
import { MAX_JSON_DEPTH } from '../../src/json-depth.ts';
import { createLogger } from '../../src/log.ts';
import { jwksOf, makeKey } from '../auth/fixtures.ts';
import { startTestApp, toRawRequest } from '../helpers/test-app.ts';

const key = await makeKey('RS256', 'deep-key');
const app = await startTestApp({}, { keySets: [jwksOf(key)] });
t.teardown(() => app.close());
const lines: string[] = [];
const deps = { ...app.deps, log: createLogger({ level: 'debug', write: (line) => lines.push(line) }) };

const nested = (depth: number): string => '['.repeat(depth) + '1' + ']'.repeat(depth);
const send = async (method: string, url: string, body: string, headers: Record<string, string> = {}) => {
  const response = await handle(toRawRequest(method, url, { body, headers: { 'content-type': 'application/json', ...headers } }), deps);
  return { status: response.status, body: response.body?.toString() ?? '' };
};

/** Signs the payload text as is, so the test controls the exact nesting. */
const signRaw = (payload: string) =>
  new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' }).sign(key.privateKey);

t.test('a 5,000-deep body is 400 PGRST102 on tables and RPC; nothing is written', async (t) => {
  const before = await app.sql('select count(*)::int as n from test.kv');
  for (const [url, body] of [
    ['/kv', `{"k":"deep","v":1,"x":${nested(5000)}}`],
    ['/kv', `[${nested(5000)}]`],
    ['/rpc/get_json', `{"j":${nested(5000)}}`],
    ['/rpc/echo_json', nested(5000)],
  ] as const) {
    const res = await send('POST', url, body);
    t.equal(res.status, 400, `${url}: ${res.body}`);
    t.equal(JSON.parse(res.body).code, 'PGRST102');
    t.match(JSON.parse(res.body).details, /deeper than 1000/);
  }
  t.same(await app.sql('select count(*)::int as n from test.kv'), before);
});

t.test('bodies up to the cap still work; brackets inside strings do not count', async (t) => {
  const atCap = await send('POST', '/rpc/get_json', `{"j":${nested(MAX_JSON_DEPTH - 1)}}`);
  t.equal(atCap.status, 200, atCap.body.slice(0, 200));
  t.equal(atCap.body.replaceAll(' ', ''), nested(MAX_JSON_DEPTH - 1), 'the function got the whole nesting back');
  const sent = { s: '['.repeat(5000) + '\\"{' };
  const strings = await send('POST', '/rpc/get_json', JSON.stringify({ j: sent }));
  t.equal(strings.status, 200, strings.body.slice(0, 200));
  t.same(JSON.parse(strings.body), sent, 'the string arrives unchanged');
  const over = await send('POST', '/rpc/get_json', `{"j":${nested(MAX_JSON_DEPTH)}}`);
  t.equal(over.status, 400);
  t.equal(JSON.parse(over.body).code, 'PGRST102');
});

t.test('a validly signed token with 5,000-deep claims is 401 PGRST301', async (t) => {
  const now = Math.floor(Date.now() / 1000);
  const token = await signRaw(`{"sub":"deep","exp":${now + 600},"x":${nested(5000)}}`);
  const res = await send('GET', '/items?select=id&limit=1', '', { authorization: `Bearer ${token}` });
  t.equal(res.status, 401, res.body);
  t.equal(JSON.parse(res.body).code, 'PGRST301');
  const shallow = await signRaw(`{"sub":"ok","exp":${now + 600},"x":${nested(10)}}`);
  const ok = await send('GET', '/items?select=id&limit=1', '', { authorization: `Bearer ${shallow}` });
  t.equal(ok.status, 200, ok.body);
});

t.test('no stack trace or unexpected-error line was logged', async (t) => {
  t.notMatch(lines.join('\n'), /RangeError|unexpected error|    at /);
});
