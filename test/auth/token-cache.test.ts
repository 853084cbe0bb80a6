import t from 'tap';
import { TokenCache } from '../../src/auth/token-cache.ts';

const make = (maxEntries = 3, maxTtlMs = 60_000, maxBytes = 1 << 20) => {
  const clock = { ms: 1_000_000_000 };
  return { clock, cache: new TokenCache({ maxEntries, maxBytes, maxTtlMs, now: () => clock.ms }) };
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

t.test('bounded by bytes: the oldest entries go once the byte budget is spent', async (t) => {
  const { cache } = make(1000, 60_000, 50_000);
  const pad = 'x'.repeat(5_000);
  for (let i = 0; i < 20; i++) cache.set(`token-${i}-${pad}`, { pad }, 30);
  t.ok(cache.bytes <= 50_000, `${cache.bytes} bytes held`);
  t.ok(cache.size >= 2 && cache.size < 20, `${cache.size} entries kept`);
  t.equal(cache.get(`token-0-${pad}`), undefined, 'the oldest was evicted');
  t.ok(cache.get(`token-19-${pad}`), 'the newest is kept');
  cache.set(`huge-${'y'.repeat(60_000)}`, {}, 30);
  t.ok(cache.bytes <= 50_000, 'an entry larger than the budget is not cached');
});

t.test('sweep drops expired entries and gives their bytes back; hits get their own object', async (t) => {
  const { clock, cache } = make(10);
  cache.set('a', { exp: clock.ms / 1000 + 1 }, 0);
  cache.set('b', { exp: clock.ms / 1000 + 100 }, 0);
  const before = cache.bytes;
  clock.ms += 2_000;
  cache.sweep();
  t.equal(cache.size, 1);
  t.ok(cache.bytes < before && cache.bytes > 0);
  const first = cache.get('b')!;
  first.exp = 0;
  t.not(cache.get('b')!.exp, 0, 'a caller changing its claims does not change the cache');
  cache.clear();
  t.equal(cache.bytes, 0);
});
