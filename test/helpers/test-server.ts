// Starts the real uWebSockets.js server on an ephemeral port around a test app.
import { handle } from '../../src/app.ts';
import { startServer, type Server } from '../../src/http/server.ts';
import { silentLogger } from '../../src/log.ts';
import type { TestApp } from './test-app.ts';

export interface TestServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startTestServer(app: TestApp): Promise<TestServer> {
  const deps = { config: app.config, schemaCache: () => app.schema.current, authenticator: app.authenticator, executor: app.db.executor, log: silentLogger };
  const server = await startServer((raw) => handle(raw, deps), { host: '127.0.0.1', port: 0, maxBodyBytes: app.config.serverMaxBodyBytes });
  return { url: `http://127.0.0.1:${server.port}`, server, close: () => server.close(2000) };
}
