// The benchmark's table: medians per scenario and system, CPU per request on both sides, ratios to both ceilings.
import type { CpuSeconds } from './cpu.ts';
import type { LoadResult } from './load.ts';
import { SCENARIOS } from './scenarios.ts';

export type System = 'ceiling' | 'minimal ceiling' | 'pg-data-api' | 'candidate' | 'floor' | 'node-http+postgres.js';
export const CEILINGS = ['ceiling', 'minimal ceiling'] as const;
const SYSTEMS: System[] = ['ceiling', 'minimal ceiling', 'pg-data-api', 'candidate', 'floor', 'node-http+postgres.js'];

export interface Cell extends LoadResult {
  rssMb?: number;
  background?: number;
  cpu?: CpuSeconds;
  requests?: number;
}
export type Results = Record<string, Partial<Record<System, Cell[]>>>;
export type Calibrations = Record<string, Partial<Record<System, number>>>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Scenarios 6 and 7 send scenario 1's SQL, so scenario 1's ceilings bound them. */
const ceilingScenario = (key: string) => (key === 's6' || key === 's7' ? 's1' : key);

/** A ceiling is the most the database did with that SQL in this run: the best of its calibration and its rounds. */
function ceilingRps(results: Results, calibrations: Calibrations, key: string, ceiling: (typeof CEILINGS)[number]): number | null {
  const source = ceilingScenario(key);
  const rounds = results[source]?.[ceiling]?.map((c) => c.rps) ?? [];
  const calibrated = calibrations[source]?.[ceiling];
  const all = [...rounds, ...(calibrated === undefined ? [] : [calibrated])].filter(Number.isFinite);
  return all.length ? Math.max(...all) : null;
}

/** CPU microseconds per request over all rounds of a cell list; null when not measurable. */
function cpuPerRequest(cells: Cell[], side: keyof CpuSeconds): number | null {
  let seconds = 0;
  let requests = 0;
  for (const c of cells) {
    const s = c.cpu?.[side];
    if (s === null || s === undefined || !c.requests) return null;
    seconds += s;
    requests += c.requests;
  }
  return requests ? (seconds / requests) * 1e6 : null;
}

export interface BelowCeiling {
  key: string;
  system: System;
  ceiling: string;
  ratio: number;
}

/** Every measured system that reached more than a ceiling bounding it (a broken measurement). */
export function ceilingsBelowServer(results: Results, calibrations: Calibrations): BelowCeiling[] {
  const found: BelowCeiling[] = [];
  for (const key of Object.keys(results)) {
    for (const ceiling of CEILINGS) {
      const bound = ceilingRps(results, calibrations, key, ceiling);
      if (bound === null) continue;
      for (const system of ['pg-data-api', 'candidate', 'floor', 'node-http+postgres.js'] as const) {
        const cells = results[key]![system];
        if (!cells) continue;
        const ratio = median(cells.map((c) => c.rps)) / bound;
        if (ratio > 1) found.push({ key: ceilingScenario(key), system, ceiling, ratio });
      }
    }
  }
  return found;
}

export function buildReport(input: { results: Results; calibrations: Calibrations; notes: Record<string, string>; header: string; footer: string }) {
  const { results, calibrations, notes } = input;
  const rows: Array<Record<string, unknown>> = [];
  const fmt = (x: number | null, digits = 0) => (x === null ? 'n/a' : x.toFixed(digits));
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(0)}%`);
  const lines = [
    '| scenario | system | req/s | p50 ms | p99 ms | server CPU µs/req | PostgreSQL CPU µs/req | server RSS MB | vs ceiling | vs minimal ceiling | bad responses |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const key of Object.keys(results)) {
    const title = SCENARIOS.find((s) => s.key === key)!.title;
    if (notes[key]?.startsWith('n/a')) {
      lines.push(`| ${title} | all | ${notes[key]} | | | | | | | | |`);
      rows.push({ scenario: key, title, note: notes[key] });
      continue;
    }
    const exact = ceilingRps(results, calibrations, key, 'ceiling');
    const minimal = ceilingRps(results, calibrations, key, 'minimal ceiling');
    for (const system of SYSTEMS) {
      const cells = results[key]![system];
      if (!cells) continue;
      const isCeiling = system === 'ceiling' || system === 'minimal ceiling';
      // A ceiling's row shows the value its ratios use (the best it reached); a server's, the median of its rounds.
      const rps = isCeiling ? ceilingRps(results, calibrations, key, system)! : median(cells.map((c) => c.rps));
      const p50 = median(cells.map((c) => c.p50Ms));
      const p99 = median(cells.map((c) => c.p99Ms));
      const rss = cells[0]!.rssMb !== undefined ? Math.max(...cells.map((c) => c.rssMb ?? 0)) : null;
      const bad = cells.reduce((n, c) => n + c.non2xx + c.errors, 0);
      const serverCpu = isCeiling ? null : cpuPerRequest(cells, 'server');
      const postgresCpu = cpuPerRequest(cells, 'postgres');
      const vsExact = exact && !isCeiling ? rps / exact : null;
      const vsMinimal = minimal && !isCeiling ? rps / minimal : null;
      const s1 = results.s1?.[system];
      const vsS1 = (key === 's6' || key === 's7') && !isCeiling && s1 ? ` (${((rps / median(s1.map((c) => c.rps))) * 100).toFixed(0)}% of s1)` : '';
      const slowCalls = cells.reduce((n, c) => n + (c.background ?? 0), 0);
      if (key === 's7') notes[`${key}:${system}`] = `${system}: ${slowCalls} slow calls completed in the background; the p99 is the fast requests'`;
      lines.push(
        `| ${title} | ${system}${vsS1} | ${rps.toFixed(0)} | ${p50.toFixed(2)} | ${p99.toFixed(2)} | ${isCeiling ? '' : fmt(serverCpu)} | ${fmt(postgresCpu)} | ${rss === null ? '' : rss.toFixed(0)} | ${isCeiling ? '' : pct(vsExact)} | ${isCeiling ? '' : pct(vsMinimal)} | ${bad} |`,
      );
      rows.push({
        scenario: key,
        title,
        system,
        rps,
        p50Ms: p50,
        p99Ms: p99,
        rssMb: rss,
        serverCpuUsPerRequest: serverCpu,
        postgresCpuUsPerRequest: postgresCpu,
        ratioToCeiling: vsExact,
        ratioToMinimalCeiling: vsMinimal,
        badResponses: bad,
        rounds: cells,
      });
    }
    if (notes[key]) lines.push(`| ${title} | note | ${notes[key]} | | | | | | | | |`);
    for (const [noteKey, note] of Object.entries(notes)) if (noteKey.startsWith(`${key}:`)) lines.push(`| ${title} | note | ${note} | | | | | | | | |`);
  }
  return { summary: [input.header, '', ...lines, '', input.footer].join('\n'), rows };
}
