// Starts the real HTTP server (front door included) on an ephemeral port around a test app, on the engine TEST_ENGINE names.
import { handle } from '../../src/app.ts';
import { selectEngine, type Engine, type EngineChoice } from '../../src/http/engine.ts';
import { frontDoor } from '../../src/http/front-door.ts';
import { startServer, type Server } from '../../src/http/server.ts';
import { silentLogger } from '../../src/log.ts';
import type { TestApp } from './test-app.ts';

export interface TestServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** TEST_ENGINE=auto|uws|node runs the socket tests on either engine (`npm run test:node-http`); default auto. */
export function testEngine(): Engine {
  const choice = (process.env.TEST_ENGINE ?? 'auto') as EngineChoice;
  if (!['auto', 'uws', 'node'].includes(choice)) throw new Error(`TEST_ENGINE must be auto, uws or node, got ${choice}`);
  return selectEngine(choice);
}

export async function startTestServer(app: TestApp): Promise<TestServer> {
  const deps = { config: app.config, schemaCache: () => app.schema.current, authenticator: app.authenticator, executor: app.db.executor, log: silentLogger };
  // Through the front door, as main.ts serves it: CORS, the /rest/v1 prefix, apikey.
  const server = await startServer(
    frontDoor(
      (raw) => handle(raw, deps),
      () => app.config,
    ),
    { host: '127.0.0.1', port: 0, maxBodyBytes: app.config.serverMaxBodyBytes, engine: testEngine() },
  );
  return { url: `http://127.0.0.1:${server.port}`, server, close: () => server.close(2000) };
}
