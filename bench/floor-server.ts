// The floor: about the least any Node server must do to answer scenario 1 (and 6), measured beside pg-data-api so
// that its ratios to the ceilings have a bound that no Node server on the same machine can pass. Per request:
// native uWS reads the request; the bearer token is verified with node:crypto once and then found in a map; one
// pipeline on a raw wire-protocol connection (the minimal ceiling's statements — role, claims, method and path, then
// our planner's main statement — prepared once per connection); the body column goes back as it came.
// No URL grammar, planning, content negotiation, error mapping, timeouts or pool policy: not a server to run.
// Usage: node --import tsx bench/floor-server.ts '<FloorConfig as JSON>'   (prints "floor ready" when listening)
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { openConnection } from '../src/db/pipeline/connect.ts';
import { parseConnectionUri } from '../src/db/pipeline/connection-options.ts';
import * as wire from '../src/db/pipeline/protocol.ts';
import { selectEngine } from '../src/http/engine.ts';

export interface FloorConfig {
  dbUri: string;
  jwksUrl: string;
  port: number;
  threads: number;
  /** Database connections in all, shared out over the threads. */
  pool: number;
  /** The one route served: GET <route>?<param>=eq.<integer>. */
  route: string;
  param: string;
  settingsText: string;
  mainText: string;
  /** The main statement's values; the one equal to `sentinel` becomes the request's integer. */
  mainValues: Array<string | null>;
  sentinel: string;
}

const config: FloorConfig = isMainThread ? (JSON.parse(process.argv[2]!) as FloorConfig) : (workerData as FloorConfig);

if (isMainThread) {
  let listening = 0;
  for (let i = 0; i < config.threads; i++) {
    const share = Math.floor(config.pool / config.threads) + (i < config.pool % config.threads ? 1 : 0);
    // A worker thread does not inherit tsx's loader: it registers it before importing this file.
    const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: { ...config, pool: share } });
    worker.on('error', (error) => {
      process.stderr.write(`floor worker failed: ${error.stack ?? error.message}\n`);
      process.exit(1);
    });
    worker.on('message', () => {
      if (++listening === config.threads) process.stdout.write(`floor ready on ${config.port}\n`);
    });
  }
} else {
  await serve();
}

/** total, page_total, body, …: the main statement's columns (src/query/main-statement.ts). */
const BODY_COLUMN = 2;

/** One request waiting for its pipeline's answer; `body` is the main statement's body column. */
interface Pending {
  res: import('uWebSockets.js').HttpResponse;
  aborted: boolean;
  commands: number;
  body: Buffer | null;
  failed: boolean;
}

async function serve(): Promise<void> {
  const keys = await loadKeys(config.jwksUrl);
  const claimsByToken = new Map<string, string>();
  const connections = await Promise.all(Array.from({ length: config.pool }, () => openFloorConnection()));
  let next = 0;
  const engine = selectEngine('uws');
  if (engine.kind !== 'uws') throw new Error('the floor runs on native uWS only');
  const app = engine.uws.App();
  const prefix = `${config.param}=eq.`;
  app.get(config.route, (res, req) => {
    const authorization = req.getHeader('authorization');
    const query = req.getQuery() ?? '';
    const token = authorization.startsWith('Bearer ') ? authorization.slice(7) : '';
    let claims = claimsByToken.get(token);
    if (claims === undefined) {
      claims = verifyToken(token, keys) ?? undefined;
      if (claims === undefined) {
        res.writeStatus('401 Unauthorized').end();
        return;
      }
      claimsByToken.set(token, claims);
    }
    const id = query.startsWith(prefix) ? query.slice(prefix.length) : '';
    if (!/^\d+$/.test(id)) {
      res.writeStatus('400 Bad Request').end();
      return;
    }
    const pending: Pending = { res, aborted: false, commands: 0, body: null, failed: false };
    res.onAborted(() => (pending.aborted = true));
    const conn = connections[next++ % connections.length]!;
    conn.queue.push(pending);
    const w = conn.writer;
    wire.bind(w, 's', ['authenticated', claims, 'GET', config.route]);
    wire.execute(w);
    // The main statement is parsed once, under the role: as authenticator it may not see the schema at all.
    if (!conn.mainPrepared) wire.parse(w, 'm', config.mainText);
    conn.mainPrepared = true;
    wire.bind(
      w,
      'm',
      config.mainValues.map((v) => (v === config.sentinel ? id : v)),
    );
    wire.execute(w);
    wire.sync(w);
    conn.socket.write(w.flush());
  });
  await new Promise<void>((resolve, reject) =>
    (app.listen as unknown as (host: string, port: number, flags: number, cb: (s: unknown) => void) => void)('127.0.0.1', config.port, 0, (s) =>
      s ? resolve() : reject(new Error(`floor could not listen on ${config.port}`)),
    ),
  );
  parentPort!.postMessage('listening');

  async function openFloorConnection() {
    const { socket, reader } = await openConnection(parseConnectionUri(config.dbUri, 'pg-data-api-floor'));
    const writer = new wire.Writer();
    const queue: Pending[] = [];
    const conn = { socket, writer, queue, mainPrepared: false };
    // The settings statement is prepared before any request is sent.
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) =>
        reader.push(chunk, (type, buf, start, end) => {
          if (type === 0x45) reject(new Error(JSON.stringify(wire.parseFields(buf, start, end))));
          if (type === 0x5a) {
            socket.off('data', onData);
            resolve();
          }
        });
      socket.on('data', onData);
      wire.parse(writer, 's', config.settingsText);
      wire.sync(writer);
      socket.write(writer.flush());
    });
    socket.on('data', (chunk: Buffer) =>
      reader.push(chunk, (type, buf, start) => {
        const head = queue[0]!;
        if (type === 0x43)
          head.commands++; // CommandComplete
        else if (type === 0x44 && head.commands === 1)
          head.body = columnBytes(buf, start, BODY_COLUMN); // DataRow of the main statement
        else if (type === 0x45)
          head.failed = true; // ErrorResponse
        else if (type === 0x5a) {
          queue.shift();
          if (head.aborted) return;
          head.res.cork(() => {
            if (head.failed || head.body === null) head.res.writeStatus('500 Internal Server Error').end();
            else head.res.writeStatus('200 OK').writeHeader('Content-Type', 'application/json; charset=utf-8').end(head.body);
          });
        }
      }),
    );
    return conn;
  }
}

/** Column `index` of a DataRow, as bytes. */
function columnBytes(buf: Buffer, start: number, index: number): Buffer | null {
  let pos = start + 2;
  for (let i = 0; ; i++) {
    const len = buf.readInt32BE(pos);
    pos += 4;
    if (i === index) return len < 0 ? null : Buffer.from(buf.subarray(pos, pos + len));
    if (len > 0) pos += len;
  }
}

async function loadKeys(jwksUrl: string): Promise<Map<string, KeyObject>> {
  const { keys } = (await (await fetch(jwksUrl)).json()) as { keys: Array<{ kid: string }> };
  return new Map(keys.map((jwk) => [jwk.kid, createPublicKey({ key: jwk, format: 'jwk' })]));
}

/** RS256 only (what the benchmark's tokens use): the claims as JSON with the role, or null. */
function verifyToken(token: string, keys: Map<string, KeyObject>): string | null {
  const [head, payload, signature] = token.split('.');
  if (!head || !payload || !signature) return null;
  const header = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: string; kid?: string };
  const key = keys.get(header.kid ?? '');
  if (header.alg !== 'RS256' || !key) return null;
  if (!verify('sha256', Buffer.from(`${head}.${payload}`), key, Buffer.from(signature, 'base64url'))) return null;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { exp?: number };
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) return null;
  return JSON.stringify({ ...claims, role: 'authenticated' });
}
