// `npm run bench [-- --quick] [--duration S] [--rounds N]`: two ceilings vs pg-data-api vs a floor vs node:http+postgres.js, one table; fails on a ratio over 100%.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/db/database.ts';
import { startEmbeddedPostgres } from '../src/embedded/embedded-postgres.ts';
import { installSql } from '../src/setup/install-sql.ts';
import { DEFAULTS } from '../src/config/defaults.ts';
import { buildCeilingScript, findPgbench, plannerFor, runPgbench, SENTINEL_ID, type CeilingScript } from './ceiling.ts';
import type { FloorConfig } from './floor-server.ts';
import { measureCpu, postmasterOf, procAvailable } from './cpu.ts';
import { hasWrk, runLoad, type LoadResult } from './load.ts';
import { buildReport, ceilingsBelowServer, type Calibrations, type Cell, type Results, type System } from './report.ts';
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
/** pgbench client counts tried for each ceiling; the fastest is measured. */
const ceilingClients = (flag('--ceiling-clients') ?? '2,4,8,16,32').split(',').map(Number);
const only = flag('--only')?.split(',');
const runtime = flag('--runtime') ?? 'bundle';
const compare = flag('--compare');
/** `--systems pg-data-api,candidate` measures only those (an A/B without ceilings and baseline). */
const onlySystems = flag('--systems')?.split(',');
/** Extra server flags for every server build measured, e.g. `--server-args "--server-workers 1"`. */
const serverArgs = (flag('--server-args') ?? '').split(' ').filter(Boolean);
/** PostgreSQL over its Unix socket (a database on the same machine) rather than TCP on 127.0.0.1. */
const dbSocket = argv.includes('--db-socket');
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

const results: Results = {};
/** The best req/s each ceiling reached while its client count was calibrated (a ceiling is the best the database did). */
const calibrations: Calibrations = {};
const notes: Record<string, string> = {};
interface CeilingRun {
  system: 'ceiling' | 'minimal ceiling';
  scenario: Scenario;
  script: CeilingScript;
  clients: number;
}

try {
  // 1. Database and dataset.
  let superUri = process.env.BENCH_DATABASE_URL;
  if (!superUri) {
    const baseDir = mkdtempSync(path.join(os.tmpdir(), 'pg-data-api-bench-'));
    const socketDir = dbSocket ? path.join(baseDir, 'socket') : null;
    if (socketDir) {
      mkdirSync(socketDir);
      chmodSync(socketDir, 0o777); // the server may run as another user (root runs it as postgres); mkdir's mode is umasked
    }
    const cluster = await startEmbeddedPostgres({ baseDir, persistent: false, ...(socketDir ? { settings: { unix_socket_directories: socketDir } } : {}) });
    cleanups.push(async () => {
      await cluster.stop();
      rmSync(baseDir, { recursive: true, force: true });
    });
    // --db-socket: every client (servers, baseline, pgbench) reaches PostgreSQL over its Unix socket instead of TCP.
    superUri = socketDir ? `${cluster.uri}?host=${encodeURIComponent(socketDir)}` : cluster.uri;
    log(`embedded PostgreSQL on ${socketDir ? `its Unix socket in ${socketDir}` : `port ${cluster.port}`}`);
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
  // --runtime bundle (default): exactly how `npm start` runs it (dist/main.mjs on plain node). --runtime tsx: through the tsx loader
  // (tsx's loader thread alone costs ~40 MB RSS).
  const entry = runtime === 'bundle' ? await bundleServer() : ['--import', 'tsx', 'src/main.ts'];
  /** Starts one server build as in production; refuses anything but native uWS. */
  const startApi = async (serverEntry: string[], extraArgs: string[] = []) => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        // Node flags from the environment go after the entry's own, so that they win (profiling, GC settings).
        ...serverEntry.slice(0, -1),
        ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
        serverEntry.at(-1)!,
        '--db-uri',
        authUri,
        '--jwks-url',
        jwks.url,
        '--db-schemas',
        'bench',
        '--server-host',
        '127.0.0.1',
        '--server-port',
        String(port),
        ...serverArgs,
        ...extraArgs,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    // BENCH_SERVER_LOG=<file>: the server's output there too (e.g. with BENCH_SERVER_NODE_ARGS=--trace-gc).
    if (process.env.BENCH_SERVER_LOG) {
      const file = createWriteStream(process.env.BENCH_SERVER_LOG, { flags: 'a' });
      child.stdout!.pipe(file);
      child.stderr!.pipe(file);
    }
    const ready = await waitFor(child, /ready in .*/);
    if (!/uWebSockets\.js \(native\)/.test(ready)) throw new Error(`refusing to report: uWebSockets.js is not running natively (${ready})`);
    log(ready.trim());
    return { child, port };
  };
  const { child: api, port: apiPort } = await startApi(entry);
  // --compare <bundle>: a second build measured in the same rounds, interleaved (an A/B that shares the machine's load fairly).
  // `--compare same`: the same build, with `--compare-args` (a settings A/B).
  const candidate = compare
    ? await startApi(compare === 'same' ? entry : ['--max-semi-space-size=4', path.resolve(compare)], (flag('--compare-args') ?? '').split(' ').filter(Boolean))
    : null;
  const basePort = await freePort();
  const baseline = spawn(process.execPath, ['--import', 'tsx', 'bench/baseline-node-http.ts', authUri, jwks.url, String(basePort)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(baseline);
  await waitFor(baseline, /baseline ready/);
  // The floor (bench/floor-server.ts): about the least a Node server does for scenario 1; it bounds what pg-data-api can reach here.
  const floorScenarios = ['s1', 's6'];
  const floor = SCENARIOS.some((s) => floorScenarios.includes(s.key) && (!only || only.includes(s.key))) ? await startFloor() : null;
  await sleep(500);
  const idleRssMb = rssMb(api.pid!);
  log(`pg-data-api idle RSS ${idleRssMb.toFixed(0)} MB`);

  const pgbench = findPgbench();
  if (!pgbench) log('pgbench not found: the ceiling is reported as n/a');
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'pg-data-api-bench-work-'));
  cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));

  // 4. Probe each scenario; build its two ceilings (our exact SQL, and the minimal SQL) from what our planner emits.
  const systems: Array<{ name: System; scenario: Scenario; run: () => Promise<Cell> }> = [];
  const scenarios = SCENARIOS.filter((s) => !only || only.includes(s.key));
  const ceilingRuns: CeilingRun[] = [];
  const postmaster = procAvailable() ? postmasterOf(Number((await admin.query('select pg_backend_pid() as pid'))[0]!.pid)) : null;
  if (postmaster === null) log('PostgreSQL is not a local process (or no /proc): its CPU per request is reported as n/a');
  const apiBase = `http://127.0.0.1:${apiPort}`;
  const baseBase = `http://127.0.0.1:${basePort}`;
  for (const s of scenarios) {
    results[s.key] = {};
    const probe = await probeOnce(apiBase, s, tokens.users[7]!, 7);
    if (probe.status >= 400) {
      notes[s.key] = `n/a: feature not available (pg-data-api answered ${probe.status} ${probe.body.slice(0, 120)})`;
      continue;
    }
    const baseProbe = await probeOnce(baseBase, s, tokens.users[7]!, 7);
    if (baseProbe.status >= 400) log(`baseline answered ${baseProbe.status} for ${s.key}: ${baseProbe.body.slice(0, 200)}`);
    const list = s.freshTokens ? tokens.fresh : tokens.users;
    // Scenarios 6 and 7 send scenario 1's SQL: their ceilings are scenario 1's.
    if (pgbench && !s.freshTokens && !s.background) {
      for (const [name, shape] of [
        ['ceiling', 'server'],
        ['minimal ceiling', 'minimal'],
      ] as const) {
        const script = await buildCeilingScript(admin, s, tokens.users, jwks.url, workDir, shape);
        if (typeof script === 'string') {
          notes[s.key] = `${name} ${script}`;
          continue;
        }
        const run: CeilingRun = { system: name, scenario: s, script, clients: ceilingClients[0]! };
        ceilingRuns.push(run);
        systems.push({
          name,
          scenario: s,
          run: () => measured(null, () => runPgbench(pgbench, benchSuper, script, { clients: run.clients, seconds, dir: workDir, tag: `${s.key}-${shape}` })),
        });
      }
    }
    systems.push({
      name: 'pg-data-api',
      scenario: s,
      run: () =>
        withBackground(apiBase, s, tokens.users[3]!, () =>
          withRss(api.pid!, () => measured(api.pid!, () => runLoad(apiBase, s, list, { connections, seconds, dir: workDir }))),
        ),
    });
    if (candidate) {
      const candidateBase = `http://127.0.0.1:${candidate.port}`;
      systems.push({
        name: 'candidate',
        scenario: s,
        run: () =>
          withBackground(candidateBase, s, tokens.users[3]!, () =>
            withRss(candidate.child.pid!, () => measured(candidate.child.pid!, () => runLoad(candidateBase, s, list, { connections, seconds, dir: workDir }))),
          ),
      });
    }
    if (floor && floorScenarios.includes(s.key)) {
      const floorBase = `http://127.0.0.1:${floor.port}`;
      // The floor must answer what pg-data-api answers, or its numbers bound nothing.
      const fixedId = () => 0.5;
      const [ours, floors] = [await probeOnce(apiBase, s, tokens.users[7]!, 7, fixedId), await probeOnce(floorBase, s, tokens.users[7]!, 7, fixedId)];
      if (floors.status !== ours.status || floors.body !== ours.body)
        throw new Error(
          `the floor answered ${floors.status} ${floors.body.slice(0, 200)} where pg-data-api answered ${ours.status} ${ours.body.slice(0, 200)}`,
        );
      systems.push({ name: 'floor', scenario: s, run: () => measured(floor.pid, () => runLoad(floorBase, s, list, { connections, seconds, dir: workDir })) });
    }
    if (baseProbe.status < 400)
      systems.push({
        name: 'node-http+postgres.js',
        scenario: s,
        run: () =>
          withBackground(baseBase, s, tokens.users[3]!, () =>
            measured(baseline.pid!, () => runLoad(baseBase, s, list, { connections, seconds, dir: workDir })),
          ),
      });
  }

  /** Starts the floor with the minimal ceiling's statements for scenario 1, one thread per core (server-workers' default) and db-pool's default. */
  async function startFloor(): Promise<{ port: number; pid: number }> {
    const plan = await plannerFor(admin, jwks.url);
    const [settings, main] = plan(
      SCENARIOS.find((s) => s.key === 's1')!,
      tokens.users[0]!,
      'minimal',
    );
    const port = await freePort();
    const floorConfig: FloorConfig = {
      dbUri: authUri,
      jwksUrl: jwks.url,
      port,
      threads: os.cpus().length,
      pool: DEFAULTS.dbPool,
      route: '/items',
      param: 'id',
      settingsText: settings!.text,
      mainText: main!.text,
      mainValues: main!.values.map((v) => (v === null || v === undefined ? null : String(v))),
      sentinel: SENTINEL_ID,
    };
    const child = spawn(process.execPath, ['--max-semi-space-size=4', '--import', 'tsx', 'bench/floor-server.ts', JSON.stringify(floorConfig)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    await waitFor(child, /floor ready/);
    return { port, pid: child.pid! };
  }

  /** One load window with the CPU both sides spent in it. */
  async function measured(serverPid: number | null, run: () => Promise<LoadResult>): Promise<Cell> {
    const { result, cpu } = await measureCpu(serverPid, postmaster, run);
    return { ...result, cpu, requests: result.rps * seconds };
  }

  /** The client count at which each ceiling's pgbench is fastest: too few clients leave the database idle, too many thrash it. */
  async function calibrate(run: CeilingRun, calibrationSeconds: number): Promise<void> {
    const found: string[] = [];
    let best = -1;
    for (const clients of ceilingClients) {
      const cell = await runPgbench(pgbench!, benchSuper, run.script, { clients, seconds: calibrationSeconds, dir: workDir, tag: `cal-${run.scenario.key}` });
      found.push(`${clients}: ${cell.rps.toFixed(0)}`);
      (calibrations[run.scenario.key] ??= {})[run.system] = Math.max(calibrations[run.scenario.key]?.[run.system] ?? 0, cell.rps);
      if (cell.rps > best) [best, run.clients] = [cell.rps, clients];
    }
    log(`${run.scenario.key} ${run.system}: pgbench clients → req/s ${found.join(', ')}; measuring with ${run.clients}`);
  }

  if (onlySystems) {
    systems.splice(0, systems.length, ...systems.filter((sys) => onlySystems.includes(sys.name)));
    ceilingRuns.splice(0, ceilingRuns.length, ...ceilingRuns.filter((run) => onlySystems.includes(run.system)));
  }

  // 5. Interleaved rounds.
  log(
    `load generator: ${hasWrk() ? 'wrk' : 'autocannon'}; ${rounds} round(s) × ${seconds}s; ${connections} connections; ceiling pgbench clients from ${ceilingClients.join('/')}`,
  );
  for (const run of ceilingRuns) await calibrate(run, quick ? 1 : 2);
  // Warm-up, quick runs too: a cold server spends its first seconds in V8's compilers and preparing statements
  // (a 2-second quick run without it measured s1 at a quarter of its warm throughput).
  for (const sys of systems) if (!sys.name.includes('ceiling')) await sys.run();
  const runRound = async (which: (sys: (typeof systems)[number]) => boolean, label: string) => {
    for (const sys of systems.filter(which)) {
      const cell = await sys.run();
      (results[sys.scenario.key]![sys.name] ??= []).push(cell);
      log(
        `${label} ${sys.scenario.key} ${sys.name}: ${cell.rps.toFixed(0)} req/s p50 ${cell.p50Ms.toFixed(2)} ms p99 ${cell.p99Ms.toFixed(2)} ms${cell.non2xx ? ` NON-2XX ${cell.non2xx}` : ''}${cell.errors ? ` ERRORS ${cell.errors} (${cell.errorKinds ?? 'socket'})` : ''}`,
      );
    }
  };
  for (let r = 0; r < rounds; r++) await runRound(() => true, `round ${r + 1}`);

  // A ceiling below the system it bounds was mis-measured: calibrate it again for longer, measure it once more, and fail if it still is.
  const belowServer = () => ceilingsBelowServer(results, calibrations);
  for (const key of new Set(belowServer().map((b) => b.key))) {
    log(`${key}: a ceiling measured below pg-data-api; calibrating and measuring its ceilings again`);
    for (const run of ceilingRuns.filter((c) => c.scenario.key === key)) await calibrate(run, quick ? 2 : 4);
    await runRound((sys) => sys.scenario.key === key && sys.name.includes('ceiling'), 're-measure');
  }
  const misMeasured = belowServer();

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
  const wall = (Date.now() - started) / 1000;
  const { summary, rows } = buildReport({
    results,
    calibrations,
    notes,
    header: `pg-data-api benchmark — ${new Date().toISOString()} — ${os.cpus().length} cores, server runtime ${runtime}, ${hasWrk() ? 'wrk' : 'autocannon'}, ${connections} connections, median of ${rounds} round(s) × ${seconds}s, idle RSS ${idleRssMb.toFixed(0)} MB, wall ${wall.toFixed(0)} s`,
    footer: `Start-up (introspection) on 1,000 tables + 1,000 functions: ${startup.readyMs} ms to ready; ${startup.wallMs} ms from process spawn.`,
  });
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
        misMeasured,
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
  if (misMeasured.length) {
    for (const m of misMeasured)
      process.stderr.write(
        `bench failed: ${m.key} ${m.system} reached ${(m.ratio * 100).toFixed(0)}% of its ${m.ceiling}: a ceiling below the system it bounds is a broken measurement (too short, too few clients, a loaded machine), not a result.\n`,
      );
    process.exitCode = 1;
  }
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

async function withRss(pid: number, run: () => Promise<Cell>): Promise<Cell> {
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

async function probeOnce(base: string, s: Scenario, token: string, user: number, random?: () => number): Promise<{ status: number; body: string }> {
  const res = await fetch(base + fillTemplate(s.path, user, random), {
    method: s.method,
    headers: { ...(s.headers ?? {}), authorization: `Bearer ${token}` },
    body: s.body,
  });
  return { status: res.status, body: await res.text() };
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}
