// Connection settings for the pipeline driver, read from a postgres:// URI (libpq names: sslmode, sslrootcert, …).
import { readFileSync } from 'node:fs';
import { connectionTarget } from '../connection-target.ts';

export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';

export interface ConnectionOptions {
  host: string;
  port: number;
  /** A Unix socket (host is its directory): no TLS, as in libpq. */
  socketPath: string | null;
  user: string;
  password: string;
  database: string;
  applicationName: string;
  sslMode: SslMode;
  /** PEM of the CA that must have signed the server certificate (verify-ca / verify-full). */
  sslRootCert: string | null;
  connectTimeoutMs: number;
}

const SSL_MODES: readonly SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

export function parseConnectionUri(uri: string, applicationName = 'pg-data-api'): ConnectionOptions {
  const url = new URL(uri);
  const q = url.searchParams;
  const sslMode = (q.get('sslmode') ?? 'prefer') as SslMode;
  if (!SSL_MODES.includes(sslMode)) throw new Error(`unsupported sslmode "${sslMode}"`);
  const rootCertPath = q.get('sslrootcert');
  const user = decodeURIComponent(url.username) || process.env.PGUSER || 'postgres';
  return {
    ...connectionTarget(uri),
    user,
    password: decodeURIComponent(url.password) || process.env.PGPASSWORD || '',
    database: decodeURIComponent(url.pathname.slice(1)) || user,
    applicationName: q.get('application_name') ?? applicationName,
    sslMode,
    sslRootCert: rootCertPath ? readFileSync(rootCertPath, 'utf8') : null,
    connectTimeoutMs: Number(q.get('connect_timeout') ?? 10) * 1000,
  };
}
