// `npm run bench [-- --quick] [--duration S] [--rounds N]`: ceiling vs pg-data-api vs node:http+postgres.js, one table.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/db/database.ts';
import { startEmbeddedPostgres } from '../src/embedded/embedded-postgres.ts';
import { installSql } from '../src/setup/install-sql.ts';
import { buildCeilingScript, findPgbench, runPgbench, type CeilingScript } from './ceiling.ts';
import { hasWrk, runLoad, type LoadResult } from './load.ts';
import { fillTemplate, SCENARIOS, type Scenario } from './scenarios.ts';
import { loadTokens, startJwksServer } from './tokens.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = argv.includes('--quick');
const seconds = Number(flag('--duration') ?? (quick ? 2 : 5));
const rounds = Number(flag('--rounds') ?? (quick ? 1 : 3));
const connections = Number(flag('--connections') ?? 50);
const ceilingClients = Number(flag('--ceiling-clients') ?? 16);
const only = flag('--only')?.split(',');
const runtime = flag('--runtime') ?? 'bundle';
const FRESH_TOKENS = 12_000; // more than the server's verified-token cache (10,000), so every request verifies
const AUTH_PASSWORD = 'bench-authenticator-password';
const started = Date.now();
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

const children: ChildProcess[] = [];
const cleanups: Array<() => Promise<void> | void> = [];
async function cleanup() {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
  for (const f of cleanups.reverse()) await f();
}

type System = 'ceiling' | 'pg-data-api' | 'node-http+postgres.js';
interface Cell extends LoadResult {
  rssMb?: number;
  background?: number;
}
const results: Record<string, Partial<Record<System, Cell[]>>> = {};
const notes: Record<string, string> = {};

try {
  // 1. Database and dataset.
  let superUri = process.env.BENCH_DATABASE_URL;
  if (!superUri) {
    const baseDir = mkdtempSync(path.join(os.tmpdir(), 'pg-data-api-bench-'));
    const cluster = await startEmbeddedPostgres({ baseDir, persistent: false });
    cleanups.push(async () => {
      await cluster.stop();
      rmSync(baseDir, { recursive: true, force: true });
    });
    superUri = cluster.uri;
    log(`embedded PostgreSQL on port ${cluster.port}`);
  }
  const root = openDatabase(superUri, { pool: 1, executor: 'postgres' });
  await root.runScript('drop database if exists pgdataapi_bench with (force)');
  await root.runScript('create database pgdataapi_bench');
  await root.close();
  const benchSuper = withDb(superUri, 'pgdataapi_bench');
  const admin = openDatabase(benchSuper, { pool: 1, executor: 'postgres' });
  cleanups.push(() => admin.close());
  await installSql(admin.runScript);
  await admin.runScript(`alter role authenticator with login password '${AUTH_PASSWORD}'`);
  await admin.runScript(readFileSync(path.join(ROOT, 'bench', 'dataset.sql'), 'utf8'));
  // Settle the freshly loaded tables first, so autovacuum and the first checkpoint do not land inside a measured round.
  await admin.runScript('vacuum (analyze, freeze)');
  await admin.runScript('checkpoint');
  const authUri = withDb(superUri, 'pgdataapi_bench', 'authenticator', AUTH_PASSWORD);
  log('dataset loaded (100k items for 100 users, RLS)');

  // pgbench (15) parses a pipeline's statements before running the first, i.e. before the role switch,
  // so it connects as superuser; the role is still switched to `authenticated` before the main statement runs.
  // 2. Keys, JWKS, tokens.
  const tokens = await loadTokens(FRESH_TOKENS);
  const jwks = await startJwksServer(tokens.publicJwk);
  cleanups.push(() => void jwks.server.close());

  // 3. Servers, started as in production.
  const apiPort = await freePort();
  // --runtime bundle (default): exactly how `npm start` runs it (dist/main.mjs on plain node). --runtime tsx: through the tsx loader
  // (tsx's loader thread alone costs ~40 MB RSS).
  const entry = runtime === 'bundle' ? await bundleServer() : ['--import', 'tsx', 'src/main.ts'];
  const api = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      ...entry,
      '--db-uri',
      authUri,
      '--jwks-url',
      jwks.url,
      '--db-schemas',
      'bench',
      '--server-host',
      '127.0.0.1',
      '--server-port',
      String(apiPort),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(api);
  const ready = await waitFor(api, /ready in .*/);
  if (!/uWebSockets\.js \(native\)/.test(ready)) throw new Error(`refusing to report: uWebSockets.js is not running natively (${ready})`);
  log(ready.trim());
  const basePort = await freePort();
  const baseline = spawn(process.execPath, ['--import', 'tsx', 'bench/baseline-node-http.ts', authUri, jwks.url, String(basePort)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(baseline);
  await waitFor(baseline, /baseline ready/);
  await sleep(500);
  const idleRssMb = rssMb(api.pid!);
  log(`pg-data-api idle RSS ${idleRssMb.toFixed(0)} MB`);

  const pgbench = findPgbench();
  if (!pgbench) log('pgbench not found: the ceiling is reported as n/a');
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'pg-data-api-bench-work-'));
  cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));

  // 4. Probe each scenario; build the ceiling from the statements our planner emits.
  const systems: Array<{ name: System; scenario: Scenario; run: () => Promise<Cell> }> = [];
  const scenarios = SCENARIOS.filter((s) => !only || only.includes(s.key));
  const ceilings = new Map<string, CeilingScript>();
  for (const s of scenarios) {
    results[s.key] = {};
    const probe = await probeOnce(`http://127.0.0.1:${apiPort}`, s, tokens.users[7]!, 7);
    if (probe.status >= 400) {
      notes[s.key] = `n/a: feature not available (pg-data-api answered ${probe.status} ${probe.body.slice(0, 120)})`;
      continue;
    }
    const baseProbe = await probeOnce(`http://127.0.0.1:${basePort}`, s, tokens.users[7]!, 7);
    if (baseProbe.status >= 400) log(`baseline answered ${baseProbe.status} for ${s.key}: ${baseProbe.body.slice(0, 200)}`);
    const list = s.freshTokens ? tokens.fresh : tokens.users;
    if (pgbench && !s.freshTokens && !s.background) {
      // scenarios 6 and 7 send scenario 1's SQL: their ceiling is scenario 1's
      const script = await buildCeilingScript(admin, s, tokens.users, jwks.url, workDir);
      if (typeof script === 'string') notes[s.key] = `ceiling ${script}`;
      else ceilings.set(s.key, script);
      if (s.key === 's1') {
        const alt = await buildCeilingScript(admin, s, tokens.users, jwks.url, workDir, 'begin-read-only');
        if (typeof alt !== 'string') ceilings.set('s1-begin', alt);
      }
    }
    for (const [key, script] of ceilings) {
      if (key === s.key || key === `${s.key}-begin`) {
        const name: System = 'ceiling';
        if (key.endsWith('-begin')) {
          results['s1-begin'] = {};
          systems.push({
            name,
            scenario: { ...s, key: 's1-begin', title: '1 row by PK, ceiling with BEGIN READ ONLY…COMMIT' },
            run: () => runPgbench(pgbench!, benchSuper, script, { clients: ceilingClients, seconds, dir: workDir, tag: key }),
          });
        } else
          systems.push({
            name,
            scenario: s,
            run: () => runPgbench(pgbench!, benchSuper, script, { clients: ceilingClients, seconds, dir: workDir, tag: key }),
          });
      }
    }
    const apiBase = `http://127.0.0.1:${apiPort}`;
    const baseBase = `http://127.0.0.1:${basePort}`;
    systems.push({
      name: 'pg-data-api',
      scenario: s,
      run: () => withBackground(apiBase, s, tokens.users[3]!, () => withRss(api.pid!, () => runLoad(apiBase, s, list, { connections, seconds, dir: workDir }))),
    });
    if (baseProbe.status < 400)
      systems.push({
        name: 'node-http+postgres.js',
        scenario: s,
        run: () => withBackground(baseBase, s, tokens.users[3]!, () => runLoad(baseBase, s, list, { connections, seconds, dir: workDir })),
      });
  }

  // 5. Interleaved rounds.
  log(
    `load generator: ${hasWrk() ? 'wrk' : 'autocannon'}; ${rounds} round(s) × ${seconds}s; ${connections} connections; ceiling ${ceilingClients} pgbench clients`,
  );
  if (!quick) for (const sys of systems) await sys.run(); // warm-up: caches, prepared statements, JIT
  for (let r = 0; r < rounds; r++) {
    for (const sys of systems) {
      const cell = await sys.run();
      (results[sys.scenario.key]![sys.name] ??= []).push(cell);
      log(
        `round ${r + 1} ${sys.scenario.key} ${sys.name}: ${cell.rps.toFixed(0)} req/s p50 ${cell.p50Ms.toFixed(2)} ms p99 ${cell.p99Ms.toFixed(2)} ms${cell.non2xx ? ` NON-2XX ${cell.non2xx}` : ''}${cell.errors ? ` ERRORS ${cell.errors} (${cell.errorKinds ?? 'socket'})` : ''}`,
      );
    }
  }

  // 6. Start-up on a wide schema: 1,000 tables (with foreign keys) and 1,000 functions.
  await admin.runScript(`drop schema if exists wide cascade; create schema wide; grant usage on schema wide to authenticated;
    do $$ begin
      for i in 1..1000 loop
        execute format('create table wide.t%s (id int primary key, parent int %s, name text, created timestamptz)', i, case when i > 1 then format('references wide.t%s', i - 1) else '' end);
        execute format('create function wide.f%s(a int, b text default null) returns int language sql stable as $f$ select a + %s $f$', i, i);
      end loop;
    end $$;`);
  const widePort = await freePort();
  const t0 = Date.now();
  const wide = spawn(
    process.execPath,
    [...entry, '--db-uri', authUri, '--jwks-url', jwks.url, '--db-schemas', 'wide', '--server-host', '127.0.0.1', '--server-port', String(widePort)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(wide);
  const wideReady = await waitFor(wide, /ready in (\d+) ms.*/);
  const startup = { wallMs: Date.now() - t0, readyMs: Number(/ready in (\d+) ms/.exec(wideReady)![1]), line: wideReady.trim() };
  log(`start-up on 1,000 tables + 1,000 functions: ${startup.readyMs} ms to ready (process spawn to ready ${startup.wallMs} ms)`);
  wide.kill('SIGTERM');

  // 7. Report.
  const rows: Array<Record<string, unknown>> = [];
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const lines = ['| scenario | system | req/s | p50 ms | p99 ms | server RSS MB | vs ceiling | bad responses |', '|---|---|---:|---:|---:|---:|---:|---:|'];
  for (const key of Object.keys(results)) {
    const title = key === 's1-begin' ? '1 row by PK (ceiling shape BEGIN READ ONLY…COMMIT)' : SCENARIOS.find((s) => s.key === key)!.title;
    if (notes[key]?.startsWith('n/a')) {
      lines.push(`| ${title} | all | ${notes[key]} | | | | | |`);
      rows.push({ scenario: key, title, note: notes[key] });
      continue;
    }
    const ceilingCells = key === 's6' || key === 's7' ? results.s1?.ceiling : results[key]!.ceiling;
    const ceilingRps = ceilingCells ? median(ceilingCells.map((c) => c.rps)) : null;
    for (const system of ['ceiling', 'pg-data-api', 'node-http+postgres.js'] as System[]) {
      const cells = results[key]![system];
      if (!cells) continue;
      const rps = median(cells.map((c) => c.rps));
      const p50 = median(cells.map((c) => c.p50Ms));
      const p99 = median(cells.map((c) => c.p99Ms));
      const rss = cells[0]!.rssMb !== undefined ? Math.max(...cells.map((c) => c.rssMb ?? 0)) : null;
      const bad = cells.reduce((n, c) => n + c.non2xx + c.errors, 0);
      const ratio = ceilingRps ? rps / ceilingRps : null;
      const s1 = results.s1?.[system];
      const vsS1 = (key === 's6' || key === 's7') && system !== 'ceiling' && s1 ? ` (${((rps / median(s1.map((c) => c.rps))) * 100).toFixed(0)}% of s1)` : '';
      const slowCalls = cells.reduce((n, c) => n + (c.background ?? 0), 0);
      if (key === 's7') notes[`${key}:${system}`] = `${system}: ${slowCalls} slow calls completed in the background; the p99 is the fast requests'`;
      lines.push(
        `| ${title} | ${system}${vsS1} | ${rps.toFixed(0)} | ${p50.toFixed(2)} | ${p99.toFixed(2)} | ${rss === null ? '' : rss.toFixed(0)} | ${ratio === null ? 'n/a' : (ratio * 100).toFixed(0) + '%'} | ${bad} |`,
      );
      rows.push({ scenario: key, title, system, rps, p50Ms: p50, p99Ms: p99, rssMb: rss, ratioToCeiling: ratio, badResponses: bad, rounds: cells });
    }
    if (notes[key]) lines.push(`| ${title} | note | ${notes[key]} | | | | | |`);
    for (const [noteKey, note] of Object.entries(notes)) if (noteKey.startsWith(`${key}:`)) lines.push(`| ${title} | note | ${note} | | | | | |`);
  }
  const wall = (Date.now() - started) / 1000;
  const summary = [
    `pg-data-api benchmark — ${new Date().toISOString()} — ${os.cpus().length} cores, server runtime ${runtime}, ${hasWrk() ? 'wrk' : 'autocannon'}, ${connections} connections, median of ${rounds} round(s) × ${seconds}s, idle RSS ${idleRssMb.toFixed(0)} MB, wall ${wall.toFixed(0)} s`,
    '',
    ...lines,
    '',
    `Start-up (introspection) on 1,000 tables + 1,000 functions: ${startup.readyMs} ms to ready; ${startup.wallMs} ms from process spawn.`,
  ].join('\n');
  process.stdout.write(summary + '\n');
  mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  const file = path.join(ROOT, 'bench', 'results', `${new Date().toISOString().replace(/[:]/g, '-').slice(0, 19)}${quick ? '-quick' : ''}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        runtime,
        quick,
        seconds,
        rounds,
        connections,
        ceilingClients,
        loadGenerator: hasWrk() ? 'wrk' : 'autocannon',
        idleRssMb,
        startup,
        wallSeconds: wall,
        rows,
        table: summary,
      },
      null,
      2,
    ),
  );
  log(`results written to ${path.relative(ROOT, file)}`);
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
process.exit(process.exitCode ?? 0);

/** The production bundle (bin/build.mjs → dist/main.mjs), exactly what `npm start` runs. */
async function bundleServer(): Promise<string[]> {
  const { buildServer } = (await import(path.join(ROOT, 'bin', 'build.mjs'))) as { buildServer: () => Promise<string> };
  return ['--max-semi-space-size=4', await buildServer()];
}

function withDb(uri: string, db: string, user?: string, password?: string): string {
  const url = new URL(uri);
  url.pathname = '/' + db;
  if (user) url.username = user;
  if (password) url.password = password;
  return url.toString();
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function waitFor(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}: ${seen.slice(-2000)}`)), 60_000);
    const onData = (d: Buffer) => {
      seen += d;
      const m = pattern.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited ${code} before ready: ${seen.slice(-2000)}`)));
  });
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function withRss(pid: number, run: () => Promise<LoadResult>): Promise<Cell> {
  let peak = rssMb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 200);
  try {
    return { ...(await run()), rssMb: peak };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Keeps `scenario.background.concurrency` slow requests running against `base` while `run` measures, and
 * reports how many completed (each must succeed; a failed one fails the run).
 */
async function withBackground(base: string, scenario: Scenario, token: string, run: () => Promise<Cell>): Promise<Cell> {
  const background = scenario.background;
  if (!background) return run();
  let stop = false;
  let completed = 0;
  const loops = Array.from({ length: background.concurrency }, async () => {
    while (!stop) {
      const res = await fetch(base + background.path, { headers: { authorization: `Bearer ${token}` } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`background ${background.path} answered ${res.status}: ${body.slice(0, 200)}`);
      completed++;
    }
  });
  await sleep(300); // the slow calls are running before the measurement starts
  try {
    return { ...(await run()), background: completed };
  } finally {
    stop = true;
    await Promise.all(loops);
  }
}

async function probeOnce(base: string, s: Scenario, token: string, user: number): Promise<{ status: number; body: string }> {
  const res = await fetch(base + fillTemplate(s.path, user), {
    method: s.method,
    headers: { ...(s.headers ?? {}), authorization: `Bearer ${token}` },
    body: s.body,
  });
  return { status: res.status, body: await res.text() };
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}
