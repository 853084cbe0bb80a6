// A key set loaded by another thread: verify with what it sent; ask it again only for a stale set or an unknown kid after the cooldown.
import t from 'tap';
import { KeySetUnavailableError } from '../../src/auth/key-source.ts';
import { createSharedKeySource, type KeySetBroker, type KeySetSnapshot } from '../../src/auth/shared-key-source.ts';
import { jwksOf, makeKey, sign } from './fixtures.ts';
import { decodeProtectedHeader, type FlattenedJWSInput } from 'jose';

const url = 'https://issuer.example/jwks';
const first = await makeKey('RS256', 'first');
const second = await makeKey('RS256', 'second');
const timings = { cacheMaxAgeMs: 600_000, cooldownMs: 30_000 };

function broker(initial: KeySetSnapshot | undefined, onRefresh: () => KeySetSnapshot) {
  let latest = initial;
  const calls = { refresh: 0 };
  const b: KeySetBroker = {
    latest: () => latest,
    refresh: async () => {
      calls.refresh++;
      latest = onRefresh();
      return latest;
    },
  };
  return { b, calls };
}
const snapshot = (jwks: KeySetSnapshot['jwks'], loadedAt: number, failing = false): KeySetSnapshot => ({
  url,
  jwks,
  loadedAt,
  failing,
  retryAfterSeconds: failing ? 7 : 0,
});
const findKeys = async (source: ReturnType<typeof createSharedKeySource>, token: string) => {
  const [header, payload, signature] = token.split('.');
  return source.findKeys(decodeProtectedHeader(token), { protected: header!, payload: payload!, signature: signature! } as FlattenedJWSInput);
};

t.test('a fresh set verifies without asking', async (t) => {
  const { b, calls } = broker(snapshot(jwksOf(first), Date.now()), () => t.fail('no refresh') as never);
  const keys = await findKeys(createSharedKeySource(url, b, timings), await sign(first));
  t.equal(keys.length, 1);
  t.equal(calls.refresh, 0);
});

t.test('no set yet: asks once, then verifies', async (t) => {
  const { b, calls } = broker(undefined, () => snapshot(jwksOf(first), Date.now()));
  t.equal((await findKeys(createSharedKeySource(url, b, timings), await sign(first))).length, 1);
  t.equal(calls.refresh, 1);
});

t.test('an unknown kid asks again only after the cooldown', async (t) => {
  const recent = broker(snapshot(jwksOf(first), Date.now()), () => snapshot(jwksOf(first, second), Date.now()));
  t.same(await findKeys(createSharedKeySource(url, recent.b, timings), await sign(second)), [], 'within the cooldown: unknown');
  t.equal(recent.calls.refresh, 0);
  const older = broker(snapshot(jwksOf(first), Date.now() - 31_000), () => snapshot(jwksOf(first, second), Date.now()));
  t.equal((await findKeys(createSharedKeySource(url, older.b, timings), await sign(second))).length, 1, 'rotated key found');
  t.equal(older.calls.refresh, 1);
});

t.test('a set older than cacheMaxAge is loaded again first', async (t) => {
  const { b, calls } = broker(snapshot(jwksOf(first), Date.now() - 700_000), () => snapshot(jwksOf(second), Date.now()));
  t.same(await findKeys(createSharedKeySource(url, b, timings), await sign(first)), [], 'the removed key no longer verifies');
  t.equal(calls.refresh, 1);
});

t.test('while the endpoint fails: the last good set, no request waits for a load; none at all is a 503 with Retry-After', async (t) => {
  const stale = broker(snapshot(jwksOf(first), Date.now() - 700_000, true), () => t.fail('no refresh') as never);
  t.equal((await findKeys(createSharedKeySource(url, stale.b, timings), await sign(first))).length, 1);
  const none = broker(snapshot(null, 0, true), () => t.fail('no refresh') as never);
  const error = await findKeys(createSharedKeySource(url, none.b, timings), await sign(first)).catch((e: unknown) => e);
  t.type(error, KeySetUnavailableError);
  t.equal((error as KeySetUnavailableError).retryAfterSeconds, 7);
});
