// RS256 keys, a loopback JWKS server and tokens for 100 users (cached on disk: signing 12k tokens takes seconds).
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';

export interface TokenSet {
  publicJwk: JWK;
  /** One long-lived token per user (index = user number). */
  users: string[];
  /** Many distinct tokens (more than the server's verified-token cache holds), user = index % 100. */
  fresh: string[];
}

const CACHE = path.join(os.tmpdir(), 'pg-data-api-bench-tokens.json');

export async function loadTokens(freshCount: number): Promise<TokenSet> {
  if (existsSync(CACHE)) {
    const cached = JSON.parse(readFileSync(CACHE, 'utf8')) as TokenSet & { exp: number };
    if (cached.fresh.length >= freshCount && cached.exp > Date.now() / 1000 + 3600) return cached;
  }
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
  const privateJwk = await exportJWK(privateKey);
  const key = await importJWK(privateJwk, 'RS256');
  const exp = Math.floor(Date.now() / 1000) + 7 * 24 * 3600;
  const sign = (user: number, jti: string) =>
    new SignJWT({ sub: `user${user}`, role: 'authenticated', jti })
      .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(key);
  const users = await Promise.all(Array.from({ length: 100 }, (_, u) => sign(u, `u${u}`)));
  const fresh: string[] = [];
  for (let i = 0; i < freshCount; i++) fresh.push(await sign(i % 100, `f${i}`));
  const set = { publicJwk, users, fresh, exp };
  writeFileSync(CACHE, JSON.stringify(set));
  return set;
}

export async function startJwksServer(jwk: JWK): Promise<{ url: string; server: Server }> {
  const body = JSON.stringify({ keys: [jwk] });
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=3600' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/jwks.json`, server };
}
