// The per-connection prepared-statement cache: bounded, least recently used evicted, names derived from the SQL text.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { StatementCache, statementName } from '../../src/db/pipeline/statement-cache.ts';

t.test('evicts the least recently used', async (t) => {
  const cache = new StatementCache(2);
  const a = cache.add('a').entry;
  const b = cache.add('b').entry;
  t.equal(cache.get('a'), a, 'touch a');
  const added = cache.add('c');
  t.same(added.evicted, [b.name], 'b was least recently used');
  t.equal(cache.get('b'), undefined);
  t.equal(cache.size, 2);
  const again = cache.add('b');
  t.not(again.entry, b, 'a re-added statement is a fresh entry (parsed again)');
  t.same(again.evicted, [a.name]);
  cache.forget('b', b);
  t.equal(cache.get('b'), again.entry, 'forgetting a stale entry leaves the current one');
  cache.forget('b', again.entry);
  t.equal(cache.get('b'), undefined);
});

t.test('a name stands for one SQL text, and belongs to this process', async (t) => {
  const select = 'SELECT $1::int AS n';
  t.equal(statementName(select), statementName(select), 'the same text always gets the same name');
  t.equal(new StatementCache(5).add(select).entry.name, statementName(select), 'on every connection');
  t.not(statementName(select), statementName(select + ' '), 'any other text gets another name');
  t.match(statementName(select), /^pgda_[0-9a-f]{12}_[0-9a-f]{32}$/);
  t.ok(Buffer.byteLength(statementName(select)) <= 63, 'fits PostgreSQL identifiers (NAMEDATALEN - 1)');
  // Another process (another pg-data-api instance behind the same pooler) names the same text differently.
  const code = `import { statementName } from './src/db/pipeline/statement-cache.ts'; process.stdout.write(statementName(${JSON.stringify(select)}))`;
  const other = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
  t.equal(other.status, 0, other.stderr);
  t.match(other.stdout, /^pgda_[0-9a-f]{12}_/);
  t.not(other.stdout, statementName(select));
  t.equal(other.stdout.slice(-32), statementName(select).slice(-32), 'only the process part differs');
});
