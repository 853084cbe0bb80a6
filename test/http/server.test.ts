// Smoke tests through the real HTTP server (TEST_ENGINE picks uWS or node:http): routing, HEAD, body limit, aborts, concurrency.
import net from 'node:net';
import t from 'tap';
import { loadNativeUws } from '../../src/http/uws.ts';
import { startTestApp } from '../helpers/test-app.ts';
import { startTestServer } from '../helpers/test-server.ts';

const app = await startTestApp({ 'server-max-body': '1024' });
const { url, close, server } = await startTestServer(app);
t.teardown(async () => {
  await close();
  await app.close();
});

t.test('the engine is native uWebSockets.js when a binary loads, node:http otherwise (never the ws shim)', async (t) => {
  const native = loadNativeUws();
  if (process.env.TEST_ENGINE === 'node') t.match(server.engine, /^node:http/);
  else if (native.uws) t.match(server.engine, /^uWebSockets\.js \(native\) from /);
  else t.match(server.engine, /^node:http, because no native uWebSockets\.js binary loads/);
  // On Node 20 the trufflesuite binary (ABI 115) ships for linux-x64: CI's machine must get the native engine.
  if (process.versions.modules === '115' && process.platform === 'linux' && process.arch === 'x64')
    t.equal(native.loadedFrom, '@trufflesuite/uws-js-unofficial 20.30');
});

t.test('GET returns the JSON body built by Postgres', async (t) => {
  const res = await fetch(`${url}/items?select=id,name&id=lte.2&order=id`);
  t.equal(res.status, 200);
  t.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  t.equal(res.headers.get('content-range'), '0-1/*');
  t.same(await res.json(), [
    { id: 1, name: 'apple' },
    { id: 2, name: 'banana' },
  ]);
});

t.test('HEAD has the headers and no body', async (t) => {
  const res = await fetch(`${url}/items`, { method: 'HEAD' });
  t.equal(res.status, 200);
  t.equal(res.headers.get('content-range'), '0-4/*');
  t.equal(await res.text(), '');
});

t.test('unknown relation and unknown path', async (t) => {
  const res = await fetch(`${url}/nope`);
  t.equal(res.status, 404);
  t.equal((await res.json()).code, 'PGRST205');
  const deep = await fetch(`${url}/a/b/c`);
  t.equal(deep.status, 404);
  t.same(await deep.json(), { code: 'PGRST125', message: 'Invalid path specified in request URL', details: null, hint: null });
});

t.test('a body over --server-max-body is refused with 413', async (t) => {
  const res = await fetch(`${url}/items`, { method: 'POST', body: 'x'.repeat(5000), headers: { 'content-type': 'application/json' } });
  t.equal(res.status, 413);
  t.equal((await res.json()).code, 'PGRST102');
});

t.test('a client that disconnects mid-body does not crash the server', async (t) => {
  await new Promise<void>((resolve) => {
    const socket = net.connect(Number(new URL(url).port), '127.0.0.1', () => {
      socket.write('POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"id":');
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 50);
    });
  });
  const res = await fetch(`${url}/items?id=eq.1&select=id`);
  t.equal(res.status, 200, 'still serving');
});

t.test('200 concurrent requests all succeed', async (t) => {
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) => fetch(`${url}/items?select=id&id=eq.${(i % 5) + 1}`).then(async (r) => [r.status, await r.json()] as const)),
  );
  t.ok(results.every(([status, body], i) => status === 200 && body[0].id === (i % 5) + 1));
});
