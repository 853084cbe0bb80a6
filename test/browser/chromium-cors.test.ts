// A real headless Chromium on another origin calls the API with an Authorization header and reads rows and Content-Range.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';
import { startTestServer } from '../helpers/test-server.ts';
import { createTokenMinter } from '../helpers/tokens.ts';

const CHROMIUM = ['chromium', 'chromium-browser', 'google-chrome'].find((bin) => spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0);
if (CHROMIUM) await run(CHROMIUM);
else t.plan(0, 'no chromium on PATH (Debian: apt-get install chromium); .ci/run installs it');

async function run(chromium: string): Promise<void> {
  const minter = await createTokenMinter();
  const app = await startTestApp({}, { keySets: minter.keySets });
  const api = await startTestServer(app);
  // Same data, but only https://app.example.com may read it from a browser.
  const closed = await startTestApp({ 'server-cors-allowed-origins': 'https://app.example.com' }, { keySets: minter.keySets });
  const closedApi = await startTestServer(closed);
  const token = await minter.tokenFor('alice');

  let report: (value: unknown) => void;
  const reported = new Promise<unknown>((resolve) => {
    report = resolve;
  });
  const readBody = async (req: IncomingMessage) => {
    let s = '';
    for await (const c of req) s += c;
    return s;
  };
  // The page is served from http://localhost:<port>; the API answers on http://127.0.0.1:<port>: another origin.
  const page = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/report') {
      void readBody(req).then((body) => {
        report(JSON.parse(body));
        res.end('ok');
      });
      return;
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><title>cors</title><script type="module">
    const results = {};
    try {
      const res = await fetch(${JSON.stringify(`${api.url}/todos?select=task&order=task`)}, {
        headers: { Authorization: 'Bearer ${token}', Prefer: 'count=exact', 'Content-Type': 'application/json' },
      });
      results.status = res.status;
      results.contentRange = res.headers.get('content-range');
      results.rows = await res.json();
    } catch (error) { results.error = String(error); }
    try {
      await fetch(${JSON.stringify(`${closedApi.url}/todos?select=task`)}, { headers: { Authorization: 'Bearer ${token}' } });
      results.closed = 'readable';
    } catch (error) { results.closed = 'blocked: ' + error.name; }
    await fetch('/report', { method: 'POST', body: JSON.stringify(results) });
  </script>`);
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  const pageUrl = `http://localhost:${(page.address() as AddressInfo).port}/`;
  const profile = await mkdtemp(path.join(os.tmpdir(), 'pg-data-api-chromium-'));
  const browser = spawn(
    chromium,
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage', `--user-data-dir=${profile}`, pageUrl],
    { stdio: 'ignore' },
  );
  t.teardown(async () => {
    browser.kill('SIGKILL');
    page.close();
    await api.close();
    await closedApi.close();
    await app.close();
    await closed.close();
    await rm(profile, { recursive: true, force: true });
  });

  t.test('the page reads RLS-filtered rows and Content-Range with a bearer token; a non-listed origin is blocked', async (t) => {
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('chromium did not report within 60 s')), 60_000).unref());
    const results = (await Promise.race([reported, timeout])) as {
      status: number;
      contentRange: string;
      rows: Array<{ task: string }>;
      closed: string;
      error?: string;
    };
    t.equal(results.error, undefined);
    t.equal(results.status, 200);
    t.equal(results.contentRange, '0-1/2', 'Content-Range is exposed to the script');
    t.same(
      results.rows.map((r) => r.task),
      ['alice: buy milk', 'alice: file taxes'],
      'the Authorization header reached the API (RLS)',
    );
    t.match(results.closed, /^blocked: TypeError/, 'an origin not in server-cors-allowed-origins cannot read');
  });
}
