// Shared test fixtures for auth: key pairs, token signing, a frozen clock, a real JWKS server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type CryptoKey } from 'jose';
import type { Test } from 'tap';
import { ApiError } from '../../src/errors/api-error.ts';
import type { AuthenticatorConfig } from '../../src/auth/create-authenticator.ts';
import type { JsonWebKeySet } from '../../src/auth/key-source.ts';

export const NOW_SECONDS = 1_750_000_000;

/** A clock tests move by hand; never slept on. */
export const frozenClock = (seconds = NOW_SECONDS) => {
  const clock = {
    ms: seconds * 1000,
    now: () => clock.ms,
    advance: (s: number) => {
      clock.ms += s * 1000;
    },
  };
  return clock;
};

export interface TestKey {
  alg: string;
  kid: string;
  privateKey: CryptoKey;
  publicJwk: Record<string, unknown>;
}

export async function makeKey(alg: string, kid = `${alg.toLowerCase()}-key`): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, publicJwk };
}

export const jwksOf = (...keys: TestKey[]): JsonWebKeySet => ({ keys: keys.map((k) => k.publicJwk) });

/** Signs `claims` with `key`; iat/exp default to a valid window around NOW_SECONDS. */
export async function sign(key: TestKey, claims: JWTPayload = {}, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT({ sub: 'user-1', iat: NOW_SECONDS - 10, exp: NOW_SECONDS + 3600, ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header })
    .sign(key.privateKey);
}

export const baseConfig = (overrides: Partial<AuthenticatorConfig> = {}): AuthenticatorConfig => ({
  jwksUrls: [],
  jwtAud: null,
  jwtIssuer: null,
  jwtSecret: null,
  dbAnonRole: 'anonymous',
  dbAuthenticatedRole: 'authenticated',
  jwtRoleClaimKey: null,
  ...overrides,
});

export const b64url = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

export interface ExpectedError {
  code: string;
  status: number;
  message?: string;
  wwwAuthenticate?: string | null;
}

/** Asserts the promise rejects with exactly this ApiError, and that the token text leaks nowhere. */
export async function rejectsWith(t: Test, promise: Promise<unknown>, expected: ExpectedError, token?: string): Promise<ApiError> {
  const error = await promise.then(
    () => t.fail('expected an ApiError') as never,
    (e: unknown) => e,
  );
  t.type(error, ApiError);
  const apiError = error as ApiError;
  t.equal(apiError.code, expected.code, 'code');
  t.equal(apiError.status, expected.status, 'status');
  if (expected.message !== undefined) t.equal(apiError.message, expected.message, 'message');
  if (expected.wwwAuthenticate !== undefined) t.equal(apiError.headers['WWW-Authenticate'] ?? null, expected.wwwAuthenticate, 'WWW-Authenticate');
  if (token) {
    const everything = JSON.stringify({ ...apiError.toBody(), headers: apiError.headers });
    for (const part of token.split('.').filter((p) => p.length > 8)) t.notOk(everything.includes(part), 'token text not in the error');
  }
  return apiError;
}

export const invalidToken = (message: string) => `Bearer error="invalid_token", error_description="${message}"`;

export type JwksMode = 'ok' | 'status500' | 'garbage' | 'not-a-jwks' | 'slow';

/** A real JWKS endpoint on 127.0.0.1, port 0, whose keys and behaviour tests change. */
export async function startJwksServer(initial: JsonWebKeySet) {
  const state = { jwks: initial, mode: 'ok' as JwksMode, requests: 0 };
  const server: Server = createServer((req, res) => {
    state.requests++;
    if (state.mode === 'slow') return void setTimeout(() => res.end(JSON.stringify(state.jwks)), 5_000).unref();
    if (state.mode === 'status500') return void res.writeHead(500).end('oops');
    if (state.mode === 'garbage') return void res.writeHead(200, { 'content-type': 'application/json' }).end('<html>not json');
    if (state.mode === 'not-a-jwks') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys": "nope"}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(state.jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL nothing listens on: bind port 0, note it, close. */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/jwks.json`;
}

export const quietLog = () => {
  const lines: string[] = [];
  return {
    lines,
    log: (level: string, message: string) => {
      lines.push(`${level}: ${message}`);
    },
  };
};
