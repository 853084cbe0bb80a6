// The shape cache gives exactly what parse → plan → build gives, for every request of a templated shape, and
// stays out of the way of shapes whose values change the SQL (differential, on the frozen catalog).
import t, { type Test } from 'tap';
import { authResult } from '../src/auth/auth-result.ts';
import type { Config } from '../src/config/config.ts';
import { planRequest } from '../src/plan/plan.ts';
import { ShapeCache } from '../src/shape-cache.ts';
import { buildMainStatements, buildTransaction } from '../src/query/build-transaction.ts';
import { parseApiRequest } from '../src/request/api-request.ts';
import type { RawRequest } from '../src/request/raw-request.ts';
import { requestShape } from '../src/request/request-shape.ts';
import { frozenCache, testConfig } from './helpers/frozen-cache.ts';

const parseOptions = { schemas: ['test'] };
const auth = authResult('authenticated', { sub: 'u1', role: 'authenticated' }, false);

function raw(url: string, headers: Record<string, string> = {}, method = 'GET'): RawRequest {
  const [path, query = ''] = url.split('?');
  return { method, path: path!, rawQuery: query, headers: { host: 'h', authorization: 'Bearer x', ...headers }, body: Buffer.alloc(0) };
}

/** What the full path builds: the transaction, and the request fields the response reads. */
function fullPath(request: RawRequest, config: Config) {
  const plan = planRequest(parseApiRequest(request, parseOptions), frozenCache, config);
  if (plan.kind === 'root' || plan.kind === 'info') throw new Error('no SQL');
  return { plan, main: buildMainStatements(plan) };
}

/** Sends a request through the cache as app.ts does; says whether it was a hit. */
function viaCache(shapes: ShapeCache, request: RawRequest, config: Config) {
  const shape = requestShape(request);
  const hit = shape ? shapes.lookup(request, shape, frozenCache, config) : null;
  const { plan, main } = hit ?? fullPath(request, config);
  if (shape && !hit) shapes.learn(request, shape, plan, main, parseOptions, frozenCache, config);
  return { hit: hit !== null, plan, transaction: buildTransaction(plan, auth, config, frozenCache, main) };
}

function sameAsFullPath(t: Test, shapes: ShapeCache, request: RawRequest, config: Config, expectHit: boolean) {
  const cached = viaCache(shapes, request, config);
  const { plan } = fullPath(request, config);
  const full = buildTransaction(plan, auth, config, frozenCache);
  const label = `${request.method} ${request.path}?${request.rawQuery} ${JSON.stringify(request.headers)}`;
  t.equal(cached.hit, expectHit, `${label}: ${expectHit ? 'a hit' : 'the full path'}`);
  t.same(cached.transaction, full, `${label}: the same transaction`);
  // Every request field but the filters (the template's, read only by planning) is this request's.
  t.same({ ...cached.plan.request, filters: null }, { ...plan.request, filters: null }, `${label}: the request the response reads`);
  t.same({ ...cached.plan, request: null }, { ...plan, request: null, read: cached.hit ? cached.plan.read : plan.read }, `${label}: the rest of the plan`);
}

t.test('a templated shape gives every later request exactly the full path’s transaction', async (t) => {
  const config = testConfig();
  const shapes: Array<[string, (v: string) => string, Record<string, string>]> = [
    ['pk', (v) => `/items?id=eq.${v}`, {}],
    ['two filters, order, limit', (v) => `/items?id=gte.${v}&name=neq.n${v}&order=id.desc&limit=5`, {}],
    ['negated, embedded select', (v) => `/em_projects?select=id,name,em_tasks(id,title)&id=not.lt.${v}`, {}],
    ['embedded filter', (v) => `/em_projects?select=id,em_tasks(id)&em_tasks.id=gt.${v}&id=lte.${v}0`, {}],
    ['same value twice', (v) => `/items?id=eq.${v}&id=neq.${v}`, {}],
    ['a value equal to a constant value (the limit)', (v) => `/items?id=eq.${v}&limit=7`, {}],
    [
      'singular, count, profile, range',
      (v) => `/items?id=eq.${v}`,
      { accept: 'application/vnd.pgrst.object+json', prefer: 'count=exact', 'accept-profile': 'test', range: '0-9' },
    ],
    ['planned count (EXPLAIN)', (v) => `/items?id=gt.${v}`, { prefer: 'count=planned' }],
    ['timezone, HEAD', (v) => `/items?id=eq.${v}`, { prefer: 'timezone=UTC' }],
  ];
  for (const [name, url, headers] of shapes) {
    const cache = new ShapeCache();
    const method = name.includes('HEAD') ? 'HEAD' : 'GET';
    // Seen once, then verified; afterwards every value is a hit, with other headers and cookies each time.
    sameAsFullPath(t, cache, raw(url('7'), headers, method), config, false);
    sameAsFullPath(t, cache, raw(url('8'), headers, method), config, false);
    for (const [i, v] of ['9', '123456', 'abc', '2026-12-02', 'a.b@c:d-e_f'].entries())
      sameAsFullPath(t, cache, raw(url(v), { ...headers, cookie: `c=${i}`, 'x-extra': String(i), authorization: `Bearer t${i}` }, method), config, true);
  }
});

t.test('shapes whose values shape the SQL, or that are not reads, always take the full path', async (t) => {
  const config = testConfig();
  const urls: Array<(v: string) => string> = [
    (v) => `/items?id=in.(${v},1)`,
    (v) => `/items?name=like.*${v}*`,
    (v) => `/items?name=is.${v === '7' ? 'null' : 'true'}`,
    (v) => `/items?limit=${v}`,
    (v) => `/items?or=(id.eq.${v},id.eq.2)`,
    (v) => `/rpc/add_them?a=eq.${v}&b=2`,
    (v) => `/items?sel%65ct=eq.${v}`,
  ];
  for (const url of urls) {
    const cache = new ShapeCache();
    for (const v of ['7', '7', '8', '9', '7']) {
      let request: RawRequest;
      try {
        request = raw(url(v));
        fullPath(request, config);
      } catch {
        continue; // the full path refuses it: nothing to compare (app.ts never learns from a failed request)
      }
      const cached = viaCache(cache, request, config);
      const full = buildTransaction(fullPath(request, config).plan, auth, config, frozenCache);
      t.same(cached.transaction, full, `${url(v)}: the same transaction`);
    }
  }
  // An exact repeat of an unmasked shape is a hit (it is the same request): only the values of masked filters vary.
  const cache = new ShapeCache();
  for (const v of ['4', '5']) viaCache(cache, raw(`/items?id=in.(${v},3)`), config);
  t.equal(viaCache(cache, raw('/items?id=in.(1,3)'), config).hit, false, 'an in-list is part of the shape, not a slot');
  t.equal(viaCache(cache, raw('/items?id=in.(1,3)'), config).hit, false, 'seen twice: a template now');
  t.equal(viaCache(cache, raw('/items?id=in.(1,3)'), config).hit, true, 'the same in-list a third time is a hit');
});

t.test('the shape key keeps apart what parsing reads, and masks only plain comparison values', async (t) => {
  const a = requestShape(raw('/items?id=eq.1'))!;
  t.same(a.values, ['1']);
  t.equal(requestShape(raw('/items?id=eq.2'))!.key, a.key, 'another plain value, the same shape');
  t.not(requestShape(raw('/items?id=eq.1', { prefer: 'count=exact' }))!.key, a.key, 'Prefer is part of the shape');
  t.not(requestShape(raw('/items?id=eq.1', { accept: 'text/csv' }))!.key, a.key, 'Accept is part of the shape');
  t.not(requestShape(raw('/items?id=eq.1', { 'accept-profile': 'other' }))!.key, a.key, 'Accept-Profile is part of the shape');
  t.not(requestShape(raw('/items?id=eq.1', { range: '0-1' }))!.key, a.key, 'Range is part of the shape');
  t.not(requestShape(raw('/items?id=eq.1', { 'read-your-writes': 'true' }))!.key, a.key, 'Read-Your-Writes is part of the shape');
  t.equal(requestShape(raw('/items?id=eq.1', { cookie: 'a=b', 'user-agent': 'x' }))!.key, a.key, 'other headers are bound per request');
  for (const value of ['%31', '1+2', '"1"', '1,2', '(1)', '*', '']) {
    const shape = requestShape(raw(`/items?id=eq.${value}`))!;
    t.same(shape.values, [], `${JSON.stringify(value)} is not masked`);
  }
  t.same(requestShape(raw('/items?id=like.1'))!.values, [], 'like is not masked (its * becomes %)');
  t.same(requestShape(raw('/items?order=eq.1'))!.values, [], 'grammar keys are not masked');
  t.same(requestShape(raw('/items?em_tasks.limit=eq.1'))!.values, [], 'an embedded grammar key is not masked');
  t.equal(requestShape(raw('/items?id=eq.1', {}, 'POST')), null, 'only GET and HEAD have shapes');
  t.equal(requestShape(raw('/items?id=eq.1\0')), null, 'a NUL would make the key ambiguous');
  t.equal(requestShape(raw('/items?id=eq.1', { prefer: 'a\nb' })), null, 'so would a line feed in a header');
  t.equal(requestShape(raw(`/items?select=${'a,'.repeat(1100)}id`)), null, 'a long URL has no shape');
  t.equal(requestShape(raw('/items?id=eq.1', { accept: 'x'.repeat(3000) })), null, 'nor a long Accept');
});

t.test('a schema or config reload forgets every template', async (t) => {
  const config = testConfig();
  const cache = new ShapeCache();
  for (const v of ['1', '2']) viaCache(cache, raw(`/items?id=eq.${v}`), config);
  t.equal(viaCache(cache, raw('/items?id=eq.3'), config).hit, true);
  t.equal(viaCache(cache, raw('/items?id=eq.4'), testConfig({ 'db-max-rows': '10' })).hit, false, 'a new config object');
  t.equal(cache.size, 1, 'only the new config’s first sighting is left');
  const bounded = new ShapeCache(3);
  for (let i = 0; i < 10; i++) viaCache(bounded, raw(`/items?id=eq.1&limit=${i}`), config);
  t.equal(bounded.size, 3, 'bounded');
});
