// Child process for token-cache-memory.test.ts: verifies N distinct ~15 KB HS256 tokens, prints RSS growth as JSON.
import { createHmac, randomBytes } from 'node:crypto';
import { createAuthenticator } from '../../../src/auth/create-authenticator.ts';

const count = Number(process.argv[2] ?? 10_000);
const secret = 'token-cache-memory-test-secret-0123456789';
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const authenticator = createAuthenticator(
  { jwksUrls: [], jwtAud: null, jwtIssuer: null, jwtSecret: secret, dbAnonRole: 'anonymous', dbAuthenticatedRole: 'authenticated', jwtRoleClaimKey: null },
  { log: () => {} },
);
const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
const exp = Math.floor(Date.now() / 1000) + 3600;

/** A fresh token each time (kept by nobody but the cache): ~11 KB of random claim text, ~15 KB encoded. */
function token(i: number): string {
  const payload = Buffer.from(JSON.stringify({ sub: `user-${i}`, exp, pad: randomBytes(8_200).toString('base64url') })).toString('base64url');
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

const rssMb = () => process.memoryUsage().rss / 1024 / 1024;
let length = 0;
for (let i = 0; i < 200; i++) await authenticator.authenticate(`Bearer ${token(-i - 1)}`);
gc();
const before = rssMb();
for (let i = 0; i < count; i++) {
  const t = token(i);
  length = t.length;
  await authenticator.authenticate(`Bearer ${t}`);
}
// Let V8 finish sweeping and give freed pages back before measuring.
for (let i = 0; i < 3; i++) {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const after = rssMb();
process.stdout.write(
  JSON.stringify({
    before: Math.round(before),
    after: Math.round(after),
    growthMb: Math.round(after - before),
    tokenBytes: length,
    heapMb: Math.round(process.memoryUsage().heapUsed / 1048576),
    entries: authenticator.tokenCacheEntries?.(),
    cacheBytes: authenticator.tokenCacheBytes?.(),
  }) + '\n',
);
authenticator.close();
