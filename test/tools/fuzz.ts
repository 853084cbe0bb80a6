// `npm run fuzz -- --seed N --count M`: the suite's fuzz test as a longer campaign (own embedded PostgreSQL via test/run.ts).
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { seed: { type: 'string' }, count: { type: 'string', default: '50000' } } });
const count = values.count ?? '50000';
const seed = values.seed ?? String(Math.floor(Math.random() * 2 ** 31));
for (const [name, value] of [
  ['--seed', seed],
  ['--count', count],
] as const) {
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
}
process.stderr.write(`fuzz campaign: seed ${seed}, ${values.count} requests\n`);
const child = spawn(process.execPath, ['--import', 'tsx', 'test/run.ts', 'test/fuzz/fuzz.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_SEED: seed, FUZZ_COUNT: values.count },
});
child.on('exit', (code) => process.exit(code ?? 1));
