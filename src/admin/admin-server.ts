// The admin server (admin-server-port) on node:http, off the hot path: /live, /ready, /metrics, /schema_cache, /config.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config/config.ts';
import type { Logger } from '../log.ts';
import { dumpConfig } from './config-dump.ts';
import type { ApiMetrics } from './metrics.ts';
import type { Readiness } from './readiness.ts';

export interface AdminDeps {
  readiness: Readiness;
  metrics: ApiMetrics;
  /** The schema cache as JSON (from this thread's, or from a server worker's), null before the first load. */
  schemaCacheJson: () => Promise<string | null> | string | null;
  config: () => Readonly<Config>;
  log: Logger;
}

export interface AdminServer {
  port: number;
  close(): Promise<void>;
}

type Answer = { status: number; type?: string; body?: string };

async function route(path: string, deps: AdminDeps): Promise<Answer> {
  switch (path) {
    case '/live':
      return { status: 200 };
    case '/ready':
      return { status: deps.readiness.ready ? 200 : 503 };
    case '/metrics':
      return { status: 200, type: deps.metrics.contentType, body: await deps.metrics.text() };
    case '/config':
      return { status: 200, type: 'text/plain; charset=utf-8', body: dumpConfig(deps.config()) };
    case '/schema_cache': {
      const json = await deps.schemaCacheJson();
      return json !== null ? { status: 200, type: 'application/json; charset=utf-8', body: json } : { status: 503 };
    }
    default:
      return { status: 404 };
  }
}

export async function startAdminServer(host: string, port: number, deps: AdminDeps): Promise<AdminServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    route(path, deps).then(
      (answer) => {
        const headers: Record<string, string | number> = { 'Cache-Control': 'no-store' };
        if (answer.type) headers['Content-Type'] = answer.type;
        if (answer.body !== undefined) headers['Content-Length'] = Buffer.byteLength(answer.body);
        res.writeHead(answer.status, headers).end(req.method === 'HEAD' ? undefined : answer.body);
      },
      (error: unknown) => {
        deps.log.error('admin server: request failed', { path, error: error instanceof Error ? error.message : String(error) });
        res.writeHead(500).end();
      },
    );
  });
  // Scrapers and health checkers reuse connections; a closing server must not wait for them.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `admin server: port ${port} on ${host} is already in use (set --admin-server-port to a free port)`
            : `admin server: cannot listen on ${host}:${port}: ${error.message}`,
        ),
      );
    });
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
