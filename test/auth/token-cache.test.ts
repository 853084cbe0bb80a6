import t from 'tap';
import { authResult } from '../../src/auth/auth-result.ts';
import { TokenCache } from '../../src/auth/token-cache.ts';

/** A verified token's AuthResult with these claims. */
const verified = (claims: Record<string, unknown>) => authResult('authenticated', claims, false);

const make = (maxEntries = 3, maxTtlMs = 60_000, maxBytes = 1 << 20) => {
  const clock = { ms: 1_000_000_000 };
  return { clock, cache: new TokenCache({ maxEntries, maxBytes, maxTtlMs, now: () => clock.ms }) };
};

t.test('entries expire at exp + leeway, bounded by the max TTL', async (t) => {
  const { clock, cache } = make();
  const nowS = clock.ms / 1000;
  cache.set('short', verified({ exp: nowS + 10 }), 30);
  cache.set('long', verified({ exp: nowS + 10_000 }), 30);
  cache.set('no-exp', verified({}), 30);
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
  cache.set('old', verified({ exp: clock.ms / 1000 - 31 }), 30);
  t.equal(cache.size, 0);
});

t.test('least recently used entry is evicted first', async (t) => {
  const { cache } = make(3);
  cache.set('a', verified({ n: 1 }), 30);
  cache.set('b', verified({ n: 2 }), 30);
  cache.set('c', verified({ n: 3 }), 30);
  t.ok(cache.get('a'), 'touch a so b becomes the oldest');
  cache.set('d', verified({ n: 4 }), 30);
  t.equal(cache.size, 3);
  t.equal(cache.get('b'), undefined, 'b evicted');
  t.ok(cache.get('a'));
  t.ok(cache.get('c'));
  t.ok(cache.get('d'));
});

t.test('maxEntries 0 disables the cache', async (t) => {
  const { cache } = make(0);
  cache.set('a', verified({}), 30);
  t.equal(cache.get('a'), undefined);
});

t.test('bounded by bytes: the oldest entries go once the byte budget is spent', async (t) => {
  const { cache } = make(1000, 60_000, 100_000);
  const pad = 'x'.repeat(5_000);
  for (let i = 0; i < 20; i++) cache.set(`token-${i}-${pad}`, verified({ pad }), 30);
  t.ok(cache.bytes <= 100_000, `${cache.bytes} bytes held`);
  t.ok(cache.size >= 2 && cache.size < 20, `${cache.size} entries kept`);
  t.equal(cache.get(`token-0-${pad}`), undefined, 'the oldest was evicted');
  t.ok(cache.get(`token-19-${pad}`), 'the newest is kept');
  cache.set(`huge-${'y'.repeat(120_000)}`, verified({}), 30);
  t.ok(cache.bytes <= 100_000, 'an entry larger than the budget is not cached');
});

t.test('sweep drops expired entries and gives their bytes back; a hit is the frozen result itself', async (t) => {
  const { clock, cache } = make(10);
  cache.set('a', verified({ exp: clock.ms / 1000 + 1 }), 0);
  cache.set('b', verified({ exp: clock.ms / 1000 + 100 }), 0);
  const before = cache.bytes;
  clock.ms += 2_000;
  cache.sweep();
  t.equal(cache.size, 1);
  t.ok(cache.bytes < before && cache.bytes > 0);
  const first = cache.get('b')!;
  t.equal(cache.get('b'), first, 'every hit shares one result (no JSON round trip per request)');
  t.ok(Object.isFrozen(first) && Object.isFrozen(first.claims), 'frozen: no request can change what the next one gets');
  t.equal(first.claimsJson, JSON.stringify(first.claims), 'request.jwt.claims is the claims with the role');
  cache.clear();
  t.equal(cache.bytes, 0);
});
