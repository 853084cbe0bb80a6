// Where a postgres:// URI points, by libpq's rules: `?host=` and `?port=` override the authority, and a host that
// starts with '/' (also written percent-encoded, `postgres://%2Frun%2Fpostgresql/db`) is the directory of the
// server's Unix socket, `<dir>/.s.PGSQL.<port>`. PostgreSQL on the same machine is cheaper to reach that way.

export interface ConnectionTarget {
  host: string;
  port: number;
  /** The Unix socket's path when host is a directory; null for TCP. */
  socketPath: string | null;
}

export function connectionTarget(uri: string): ConnectionTarget {
  const url = new URL(uri);
  const q = url.searchParams;
  const host = q.get('host') || decodeURIComponent(url.hostname).replace(/^\[|\]$/g, '') || 'localhost';
  const port = Number(q.get('port') || url.port || 5432);
  return { host, port, socketPath: host.startsWith('/') ? `${host.replace(/\/$/, '')}/.s.PGSQL.${port}` : null };
}

/** host:port or the socket's path, for logs and metric labels (never user or password). */
export const targetName = (target: ConnectionTarget): string =>
  target.socketPath ?? (target.host.includes(':') ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`);

/**
 * The URI without `?host=` and `?port=`, for drivers that would otherwise send them to the server as settings
 * (postgres.js does; the server refuses them as unrecognized configuration parameters).
 */
export function withoutTargetParams(uri: string): string {
  const url = new URL(uri);
  if (!url.searchParams.has('host') && !url.searchParams.has('port')) return uri;
  url.searchParams.delete('host');
  url.searchParams.delete('port');
  return url.toString();
}
