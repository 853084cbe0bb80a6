// Measures per-request auth cost with and without the token cache (not a tap test).
// Run: npx tsx test/auth/verify-cost.ts
import { createAuthenticator } from '../../src/auth/create-authenticator.ts';
import { baseConfig, jwksOf, makeKey, sign } from './fixtures.ts';

const ITERATIONS = 20_000;
const silent = () => {};

async function measure(alg: string, cached: boolean): Promise<number> {
  const key = await makeKey(alg);
  const auth = createAuthenticator(baseConfig(), {
    keySets: [jwksOf(key)],
    log: silent,
    tokenCache: cached ? {} : { maxEntries: 0 },
  });
  const header = `Bearer ${await sign(key, { sub: 'user-1', aud: 'api', email: 'a@example.com', exp: Math.floor(Date.now() / 1000) + 3600, iat: Math.floor(Date.now() / 1000) })}`;
  for (let i = 0; i < 2_000; i++) await auth.authenticate(header); // warm up JIT and key import
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) await auth.authenticate(header);
  const perRequestUs = Number(process.hrtime.bigint() - start) / 1000 / ITERATIONS;
  auth.close();
  return perRequestUs;
}

console.log(`node ${process.version}, ${ITERATIONS} sequential authenticate() calls per row`);
for (const alg of ['RS256', 'ES256', 'EdDSA']) {
  const uncached = await measure(alg, false);
  const cached = await measure(alg, true);
  console.log(
    `${alg.padEnd(6)} uncached ${uncached.toFixed(1).padStart(6)} µs/request   cached ${cached.toFixed(2).padStart(5)} µs/request   (${(uncached / cached).toFixed(0)}x)`,
  );
}
