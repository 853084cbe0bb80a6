import t from 'tap';
import { TokenCache } from '../../src/auth/token-cache.ts';

const make = (maxEntries = 3, maxTtlMs = 60_000) => {
  const clock = { ms: 1_000_000_000 };
  return { clock, cache: new TokenCache({ maxEntries, maxTtlMs, now: () => clock.ms }) };
};

t.test('entries expire at exp + leeway, bounded by the max TTL', async (t) => {
  const { clock, cache } = make();
  const nowS = clock.ms / 1000;
  cache.set('short', { exp: nowS + 10 }, 30);
  cache.set('long', { exp: nowS + 10_000 }, 30);
  cache.set('no-exp', {}, 30);
  clock.ms += 39_000;
  t.ok(cache.get('short'), 'alive just before exp + leeway');
  clock.ms += 1_000;
  t.equal(cache.get('short'), undefined, 'gone at exp + leeway');
  t.ok(cache.get('long'));
  t.ok(cache.get('no-exp'));
  clock.ms += 20_000;
  t.equal(cache.get('long'), undefined, 'gone after max TTL even though exp is later');
  t.equal(cache.get('no-exp'), undefined, 'a token without exp lives max TTL');
});

t.test('already-expired tokens are not cached', async (t) => {
  const { clock, cache } = make();
  cache.set('old', { exp: clock.ms / 1000 - 31 }, 30);
  t.equal(cache.size, 0);
});

t.test('least recently used entry is evicted first', async (t) => {
  const { cache } = make(3);
  cache.set('a', { n: 1 }, 30);
  cache.set('b', { n: 2 }, 30);
  cache.set('c', { n: 3 }, 30);
  t.ok(cache.get('a'), 'touch a so b becomes the oldest');
  cache.set('d', { n: 4 }, 30);
  t.equal(cache.size, 3);
  t.equal(cache.get('b'), undefined, 'b evicted');
  t.ok(cache.get('a'));
  t.ok(cache.get('c'));
  t.ok(cache.get('d'));
});

t.test('maxEntries 0 disables the cache', async (t) => {
  const { cache } = make(0);
  cache.set('a', {}, 30);
  t.equal(cache.get('a'), undefined);
});
