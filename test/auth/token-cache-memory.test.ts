// The token cache under a flood of distinct large tokens: RSS growth measured in a clean child process.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { DEFAULTS } from '../../src/config/defaults.ts';

const child = path.join(import.meta.dirname, 'child', 'token-cache-memory.ts');

t.test('10,000 distinct ~15 KB tokens grow RSS by less than 100 MB and the cache stays within its byte bound', async (t) => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', child, '10000'], { timeout: 120_000 });
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as { growthMb: number; tokenBytes: number; entries: number; cacheBytes: number };
  t.ok(result.tokenBytes > 14_000 && result.tokenBytes <= DEFAULTS.jwtMaxTokenBytes, `tokens of ${result.tokenBytes} bytes`);
  t.ok(result.growthMb < 100, `RSS grew ${result.growthMb} MB (${result.entries} entries, ${result.cacheBytes} bytes cached)`);
  t.ok(result.cacheBytes <= DEFAULTS.jwtCacheMaxBytes, 'within jwtCacheMaxBytes');
  t.ok(result.entries > 100 && result.entries < 10_000, 'the byte bound, not the entry bound, decided');
});
