// Remote key sets against a real JWKS server on 127.0.0.1: rotation, outages, timeouts, garbage.
import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAuthenticator, type AuthenticatorOptions } from '../../src/auth/create-authenticator.ts';
import { baseConfig, deadUrl, frozenClock, jwksOf, makeKey, quietLog, rejectsWith, sign, startJwksServer } from './fixtures.ts';

const oldKey = await makeKey('RS256', 'old');
const newKey = await makeKey('ES256', 'new');
const clock = frozenClock();

const remote = (urls: string[], jwks: AuthenticatorOptions['jwks'] = {}, extra: Partial<AuthenticatorOptions> = {}) => {
  const logs = quietLog();
  const auth = createAuthenticator(baseConfig({ jwksUrls: urls }), {
    now: clock.now,
    log: logs.log,
    jwks: { cooldownMs: 0, timeoutMs: 300, retryBaseMs: 50, ...jwks },
    ...extra,
  });
  return { auth, logs };
};

t.test('prefetch loads the set once; tokens then verify without another fetch', async (t) => {
  const server = await startJwksServer(jwksOf(oldKey));
  t.teardown(server.close);
  const { auth } = remote([server.url]);
  t.teardown(() => auth.close());
  await auth.ready;
  t.equal(server.state.requests, 1);
  t.equal((await auth.authenticate(`Bearer ${await sign(oldKey)}`)).role, 'authenticated');
  t.equal(server.state.requests, 1);
});

t.test('rotation: a new kid is accepted after one refetch; a removed key is rejected after max age', async (t) => {
  const server = await startJwksServer(jwksOf(oldKey));
  t.teardown(server.close);
  const { auth } = remote([server.url], { cacheMaxAgeMs: 150, cooldownMs: 0 }, { tokenCache: { maxEntries: 0 } });
  t.teardown(() => auth.close());
  await auth.ready;
  const oldToken = await sign(oldKey);
  server.state.jwks = jwksOf(oldKey, newKey);
  t.equal((await auth.authenticate(`Bearer ${await sign(newKey)}`)).role, 'authenticated');
  t.equal(server.state.requests, 2, 'exactly one refetch for the unknown kid');
  server.state.jwks = jwksOf(newKey);
  t.equal((await auth.authenticate(`Bearer ${oldToken}`)).role, 'authenticated', 'still trusted while the cached set is fresh');
  await sleep(200); // past cacheMaxAgeMs: jose's JWKS cache runs on the real clock
  await rejectsWith(t, auth.authenticate(`Bearer ${oldToken}`), { code: 'PGRST301', status: 401, message: 'No suitable key or wrong key type' }, oldToken);
});

t.test('unknown kid: one refetch, then PGRST301; cooldown stops a refetch storm', async (t) => {
  const server = await startJwksServer(jwksOf(oldKey));
  t.teardown(server.close);
  const { auth } = remote([server.url], { cooldownMs: 60_000 });
  t.teardown(() => auth.close());
  await auth.ready;
  const stranger = await sign(await makeKey('RS256', 'stranger'));
  await rejectsWith(t, auth.authenticate(`Bearer ${stranger}`), { code: 'PGRST301', status: 401, message: 'No suitable key or wrong key type' });
  await rejectsWith(t, auth.authenticate(`Bearer ${stranger}`), { code: 'PGRST301', status: 401 });
  t.equal(server.state.requests, 1, 'no refetch inside the cooldown after the prefetch');
});

const outage = (name: string, setup: () => Promise<{ url: string; close: () => Promise<void> }>) =>
  t.test(`${name}: 503 PGRST000 quickly, anonymous unaffected, nothing leaked`, async (t) => {
    const { url, close } = await setup();
    t.teardown(close);
    const { auth, logs } = remote([url]);
    t.teardown(() => auth.close());
    await auth.ready;
    t.match(logs.lines.join('\n'), /warn: Could not load JWKS from http:\/\/127\.0\.0\.1/);
    t.equal((await auth.authenticate(undefined)).role, 'anonymous');
    const token = await sign(oldKey);
    const started = performance.now();
    const error = await rejectsWith(t, auth.authenticate(`Bearer ${token}`), { code: 'PGRST000', status: 503 }, token);
    t.ok(performance.now() - started < 250, 'fails fast while the background retry is pending');
    t.ok(error.headers['Retry-After'], 'Retry-After is set');
    t.notMatch(error.message + error.details, /127\.0\.0\.1/, 'the JWKS URL is not in the response');
    t.notOk(logs.lines.join('\n').includes(token.split('.')[1]!), 'token text not logged');
  });

outage('endpoint down', async () => ({ url: await deadUrl(), close: async () => {} }));
outage('HTTP 500', async () => {
  const s = await startJwksServer(jwksOf(oldKey));
  s.state.mode = 'status500';
  return s;
});
outage('garbage body', async () => {
  const s = await startJwksServer(jwksOf(oldKey));
  s.state.mode = 'garbage';
  return s;
});
outage('JSON that is not a JWKS', async () => {
  const s = await startJwksServer(jwksOf(oldKey));
  s.state.mode = 'not-a-jwks';
  return s;
});

t.test('slow endpoint: the request gives up at the timeout, never hangs', async (t) => {
  const server = await startJwksServer(jwksOf(oldKey));
  t.teardown(server.close);
  server.state.mode = 'slow';
  const { auth } = remote([server.url], { timeoutMs: 200, retryBaseMs: 10_000 });
  t.teardown(() => auth.close());
  const started = performance.now();
  await rejectsWith(t, auth.authenticate(`Bearer ${await sign(oldKey)}`), { code: 'PGRST000', status: 503 });
  const elapsed = performance.now() - started;
  t.ok(elapsed >= 150 && elapsed < 1_500, `gave up after ${Math.round(elapsed)} ms`);
});

t.test('background retry recovers once the endpoint is back', async (t) => {
  const server = await startJwksServer(jwksOf(oldKey));
  t.teardown(server.close);
  server.state.mode = 'status500';
  const { auth, logs } = remote([server.url], { retryBaseMs: 30 });
  t.teardown(() => auth.close());
  await auth.ready;
  server.state.mode = 'ok';
  for (let i = 0; i < 50 && !logs.lines.some((l) => l.includes('loaded again')); i++) await sleep(20);
  t.equal((await auth.authenticate(`Bearer ${await sign(oldKey)}`)).role, 'authenticated');
});

t.test('stale-if-error: keeps the last good set when a refresh fails', async (t) => {
  const server = await startJwksServer(jwksOf(oldKey));
  t.teardown(server.close);
  const { auth } = remote([server.url], { cacheMaxAgeMs: 50, retryBaseMs: 10_000 }, { tokenCache: { maxEntries: 0 } });
  t.teardown(() => auth.close());
  await auth.ready;
  server.state.mode = 'garbage';
  await sleep(80);
  t.equal((await auth.authenticate(`Bearer ${await sign(oldKey)}`)).role, 'authenticated');
  await rejectsWith(t, auth.authenticate(`Bearer ${await sign(await makeKey('RS256', 'other'))}`), { code: 'PGRST301', status: 401 });
});

t.test('several URLs: a token verifies if its key is in any set', async (t) => {
  const a = await startJwksServer(jwksOf(oldKey));
  const b = await startJwksServer(jwksOf(newKey));
  t.teardown(a.close);
  t.teardown(b.close);
  const { auth } = remote([a.url, b.url]);
  t.teardown(() => auth.close());
  await auth.ready;
  t.equal((await auth.authenticate(`Bearer ${await sign(oldKey)}`)).role, 'authenticated');
  t.equal((await auth.authenticate(`Bearer ${await sign(newKey)}`)).role, 'authenticated');
});

t.test('several URLs, one down: its tokens get 503 only if no set answered', async (t) => {
  const up = await startJwksServer(jwksOf(oldKey));
  t.teardown(up.close);
  const { auth } = remote([await deadUrl(), up.url]);
  t.teardown(() => auth.close());
  await auth.ready;
  t.equal((await auth.authenticate(`Bearer ${await sign(oldKey)}`)).role, 'authenticated', 'the live provider still works');
  await rejectsWith(t, auth.authenticate(`Bearer ${await sign(newKey)}`), { code: 'PGRST301', status: 401, message: 'No suitable key or wrong key type' });
});

t.test('token cache: a repeat request skips key lookup and verification', async (t) => {
  // cacheMaxAgeMs 0 makes jose refetch on every lookup, so fetches count verifications.
  const server = await startJwksServer(jwksOf(oldKey));
  t.teardown(server.close);
  const token = `Bearer ${await sign(oldKey)}`;
  const cached = remote([server.url], { cacheMaxAgeMs: 0 });
  t.teardown(() => cached.auth.close());
  await cached.auth.ready;
  const before = server.state.requests;
  for (let i = 0; i < 5; i++) await cached.auth.authenticate(token);
  t.equal(server.state.requests - before, 1, 'verified once, then served from the token cache');
  const uncached = remote([server.url], { cacheMaxAgeMs: 0 }, { tokenCache: { maxEntries: 0 } });
  t.teardown(() => uncached.auth.close());
  await uncached.auth.ready;
  const before2 = server.state.requests;
  for (let i = 0; i < 5; i++) await uncached.auth.authenticate(token);
  t.equal(server.state.requests - before2, 5, 'without the cache every request verifies');
});

t.test('close() stops background retries', async (t) => {
  const server = await startJwksServer(jwksOf(oldKey));
  t.teardown(server.close);
  server.state.mode = 'status500';
  const { auth } = remote([server.url], { retryBaseMs: 20 });
  await auth.ready;
  auth.close();
  const after = server.state.requests;
  await sleep(120);
  t.equal(server.state.requests, after);
});

t.test('Retry-After is the time until the next background load, following its backoff', async (t) => {
  const server = await startJwksServer(jwksOf(oldKey));
  t.teardown(server.close);
  server.state.mode = 'status500';
  // Background loads at +1.5 s, then +3 s (doubling, capped by the cooldown of 3 s).
  const { auth } = remote([server.url], { retryBaseMs: 1_500, cooldownMs: 3_000 });
  t.teardown(() => auth.close());
  await auth.ready;
  const token = await sign(oldKey);
  const first = await rejectsWith(t, auth.authenticate(`Bearer ${token}`), { code: 'PGRST000', status: 503 });
  t.equal(first.headers['Retry-After'], '2', 'first retry due in 1.5 s → 2');
  const requestsBefore = server.state.requests;
  await sleep(1_700);
  t.equal(server.state.requests, requestsBefore + 1, 'the background load ran when Retry-After said');
  const second = await rejectsWith(t, auth.authenticate(`Bearer ${token}`), { code: 'PGRST000', status: 503 });
  t.equal(second.headers['Retry-After'], '3', 'after a failed retry the next is 3 s away');
  server.state.mode = 'ok';
  const retryAfterMs = Number(second.headers['Retry-After']) * 1000;
  await sleep(retryAfterMs + 200);
  t.equal((await auth.authenticate(`Bearer ${token}`)).role, 'authenticated', 'a client honouring Retry-After succeeds');
});
