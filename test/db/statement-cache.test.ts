// The per-connection prepared-statement cache: bounded, least recently used evicted, names never reused.
import t from 'tap';
import { StatementCache } from '../../src/db/pipeline/statement-cache.ts';

t.test('evicts the least recently used and never reuses a name', async (t) => {
  const cache = new StatementCache(2);
  const a = cache.add('a').entry;
  const b = cache.add('b').entry;
  t.equal(cache.get('a'), a, 'touch a');
  const added = cache.add('c');
  t.same(added.evicted, [b.name], 'b was least recently used');
  t.equal(cache.get('b'), undefined);
  t.equal(cache.size, 2);
  const again = cache.add('b');
  t.not(again.entry.name, b.name, 'a re-added statement gets a fresh name');
  t.same(again.evicted, [a.name]);
  cache.forget('b', b);
  t.equal(cache.get('b'), again.entry, 'forgetting a stale entry leaves the current one');
  cache.forget('b', again.entry);
  t.equal(cache.get('b'), undefined);
});
