// The ceilings: pgbench replaying, as one pipeline per request, the exact statements pg-data-api sends for a scenario
// ('server'), or only what the request needs ('minimal': role, claims, method and path, then the main statement).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { authResult } from '../src/auth/auth-result.ts';
import { buildConfig } from '../src/config/config.ts';
import type { Database } from '../src/db/database.ts';
import { pipelineShape } from '../src/db/pipeline/pipeline-executor.ts';
import type { PipelineStatement } from '../src/db/pipeline/connection.ts';
import { planRequest } from '../src/plan/plan.ts';
import { buildTransaction } from '../src/query/build-transaction.ts';
import { parseApiRequest } from '../src/request/api-request.ts';
import { introspect } from '../src/schema/introspect.ts';
import { capture, type LoadResult } from './load.ts';
import type { Scenario } from './scenarios.ts';

export const SENTINEL_ID = '987654321';
const SENTINEL_PID = '987654322';
const PGBENCH_CANDIDATES = ['pgbench', '/usr/lib/postgresql/17/bin/pgbench', '/usr/lib/postgresql/16/bin/pgbench', '/usr/lib/postgresql/15/bin/pgbench'];

export function findPgbench(): string | null {
  for (const c of PGBENCH_CANDIDATES) if (spawnSync(c, ['--version']).status === 0) return c;
  return null;
}

export interface CeilingScript {
  files: string[];
  defines: string[];
}

export type Shape = 'server' | 'minimal';

/** The least a request needs before its main statement: the role and the three settings policies and functions read. */
const MINIMAL_SETTINGS =
  "SELECT set_config('role', $1, true), set_config('request.jwt.claims', $2, true), set_config('request.method', $3, true), set_config('request.path', $4, true)";

/**
 * How many users' scripts a ceiling cycles through. pgbench prepares every script's statements on every client
 * connection, and PostgreSQL plans each prepared statement afresh for its first five executions: with one
 * script per user (100), 32 clients spent a short run preparing and custom-planning (calibration measured
 * 3k req/s at 32 clients against 15k at 2; the server prepares once per shape per connection). The users'
 * statements differ only in the claims' `sub`, so a few of them cost PostgreSQL the same as all 100.
 */
const CEILING_USERS = 4;

/**
 * Plans scenarios as pg-data-api would, on the bench schema: a scenario with one user's token becomes the statements
 * of one pipeline ('server': exactly ours; 'minimal': role, claims, method and path, then our main statement), with
 * SENTINEL_ID/SENTINEL_PID where the request's ids go. Throws when the planner refuses.
 */
export async function plannerFor(db: Database, jwksUrl: string): Promise<(scenario: Scenario, token: string, shape: Shape) => PipelineStatement[]> {
  const config = buildConfig({ 'db-uri': 'postgres://x@localhost/x', 'db-schemas': 'bench', 'jwks-url': jwksUrl });
  const cache = await introspect(db.query, config.dbSchemas);
  return (scenario, token, shape) => {
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    const url = scenario.path.replaceAll('{id}', SENTINEL_ID).replaceAll('{pid}', SENTINEL_PID);
    const [p, q = ''] = url.split('?');
    const headers: Record<string, string> = { host: '127.0.0.1:3000', authorization: `Bearer ${token}` };
    for (const [k, v] of Object.entries(scenario.headers ?? {})) headers[k.toLowerCase()] = v;
    if (scenario.body) headers['content-length'] = String(Buffer.byteLength(scenario.body));
    const request = parseApiRequest(
      { method: scenario.method, path: p!, rawQuery: q, headers, body: Buffer.from(scenario.body ?? '') },
      { schemas: config.dbSchemas },
    );
    const plan = planRequest(request, cache, config);
    if (plan.kind === 'root' || plan.kind === 'info') throw new Error('answered without SQL');
    const tx = buildTransaction(plan, authResult('authenticated', claims, false), config);
    if (shape === 'minimal') {
      // One Sync makes one implicit transaction: no BEGIN, no COMMIT, no read-only switch, no headers, cookies or search_path.
      const settings = { text: MINIMAL_SETTINGS, values: ['authenticated', JSON.stringify({ ...claims, role: 'authenticated' }), scenario.method, p!] };
      return [settings, ...tx.statements.slice(1)];
    }
    const statements = [...pipelineShape(tx)];
    if (!tx.readOnly) statements.push({ text: 'COMMIT', values: [] });
    return statements;
  };
}

/** Builds one pgbench script per ceiling user with the statements our planner produces; null when the planner refuses. */
export async function buildCeilingScript(
  db: Database,
  scenario: Scenario,
  tokens: string[],
  jwksUrl: string,
  dir: string,
  shape: Shape = 'server',
): Promise<CeilingScript | string> {
  const planner = await plannerFor(db, jwksUrl);
  const vars = new Map<string, string>();
  const files: string[] = [];
  for (let user = 0; user < CEILING_USERS; user++) {
    let statements: PipelineStatement[];
    try {
      statements = planner(scenario, tokens[user]!, shape);
    } catch (error) {
      return `n/a: ${(error as Error).message ?? 'planner refused'}`;
    }
    const lines = [`\\set id random(1, 999) * 100 + ${user}`, `\\set pid random(1, 9) * 100 + ${user}`, '\\startpipeline'];
    for (const s of statements) {
      const text = s.text.replace(/\$(\d+)/g, (_, n: string) => {
        const value = s.values[Number(n) - 1];
        if (value === SENTINEL_ID) return ':id';
        if (value === SENTINEL_PID) return ':pid';
        const str = value === null || value === undefined ? '' : String(value);
        if (!vars.has(str)) vars.set(str, `v${vars.size}`);
        return ':' + vars.get(str)!;
      });
      lines.push(text.replace(/\s*\n\s*/g, ' ') + ';');
    }
    lines.push('\\endpipeline');
    const file = path.join(dir, `${scenario.key}-${shape}-u${user}.sql`);
    writeFileSync(file, lines.join('\n') + '\n');
    files.push(file);
  }
  return { files, defines: [...vars].flatMap(([value, name]) => ['-D', `${name}=${value}`]) };
}

export async function runPgbench(
  pgbench: string,
  uri: string,
  script: CeilingScript,
  opts: { clients: number; seconds: number; dir: string; tag: string },
): Promise<LoadResult> {
  const prefix = path.join(opts.dir, `pgbench-${opts.tag}`);
  const args = [
    '-n',
    '-M',
    'prepared',
    '-c',
    String(opts.clients),
    '-j',
    String(Math.min(2, opts.clients)),
    '-T',
    String(opts.seconds),
    '--log',
    `--log-prefix=${prefix}`,
    '--sampling-rate=0.1',
    ...script.defines,
  ];
  for (const f of script.files) args.push('-f', f);
  args.push(uri);
  const out = await capture(pgbench, args, process.env, opts.dir);
  const latencies: number[] = [];
  for (const name of readdirSync(opts.dir).filter((n) => n.startsWith(path.basename(prefix) + '.'))) {
    const file = path.join(opts.dir, name);
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const us = Number(line.split(' ')[2]);
      if (Number.isFinite(us) && line) latencies.push(us / 1000);
    }
    rmSync(file);
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]! : NaN);
  const failed = Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0);
  return { rps: Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? NaN), p50Ms: pct(0.5), p99Ms: pct(0.99), non2xx: failed, errors: 0 };
}

export const pgbenchExists = (p: string) => existsSync(p);
