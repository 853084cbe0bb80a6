// --server-max-body over a real socket: 413 for a declared or streamed body over the limit, before it is all read.
import t from 'tap';
import { startServer } from '../../src/http/server.ts';
import type { RawRequest } from '../../src/request/raw-request.ts';
import { testEngine } from '../helpers/test-server.ts';

const LIMIT = 1024;
const seen: RawRequest[] = [];
const server = await startServer(
  async (raw) => {
    seen.push(raw);
    return { status: 201, headers: [['Content-Type', 'text/plain']], body: `got ${raw.body.length}` };
  },
  { host: '127.0.0.1', port: 0, maxBodyBytes: LIMIT, engine: testEngine() },
);
t.teardown(() => server.close());
const url = `http://127.0.0.1:${server.port}/items`;

t.test('a body within the limit reaches the handler whole', async (t) => {
  const res = await fetch(url, { method: 'POST', body: 'x'.repeat(LIMIT) });
  t.equal(res.status, 201);
  t.equal(await res.text(), `got ${LIMIT}`);
});

t.test('a declared Content-Length over the limit is refused without reading the body', async (t) => {
  const before = seen.length;
  const res = await fetch(url, { method: 'POST', body: 'x'.repeat(LIMIT + 1), headers: { 'content-type': 'application/json' } });
  t.equal(res.status, 413);
  const body = await res.json();
  t.equal(body.code, 'PGRST102');
  t.same(Object.keys(body).sort(), ['code', 'details', 'hint', 'message']);
  t.equal(seen.length, before, 'the handler never ran');
});

t.test('a chunked body is cut off as soon as it passes the limit', async (t) => {
  const before = seen.length;
  let sent = 0;
  let cancelled = false;
  const chunk = new Uint8Array(400).fill(120);
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent > LIMIT) {
        // Never finish: the answer must come while the client is still "uploading".
        await new Promise((resolve) => setTimeout(resolve, 60_000).unref());
        return;
      }
      sent += chunk.length;
      controller.enqueue(chunk);
    },
    cancel() {
      cancelled = true;
    },
  });
  const controller = new AbortController();
  const res = await fetch(url, { method: 'POST', body: stream, duplex: 'half', signal: controller.signal } as RequestInit);
  t.equal(res.status, 413);
  t.equal((await res.json()).code, 'PGRST102');
  t.ok(sent <= LIMIT + chunk.length, `answered after ${sent} bytes`);
  t.equal(seen.length, before, 'the handler never ran');
  controller.abort();
  t.ok(cancelled || controller.signal.aborted);
});
