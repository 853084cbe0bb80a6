// CPU time per load window from /proc: the server process (all its threads) and PostgreSQL (every child of the postmaster).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime/stime (getconf CLK_TCK; 100 on every Linux we know). */
const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;
/** Backends can exit inside a window (pgbench disconnects at its end): sample often enough that little is lost. */
const SAMPLE_MS = 100;

export interface CpuSeconds {
  server: number | null;
  postgres: number | null;
}

export const procAvailable = (): boolean => existsSync('/proc/self/stat');

/** utime + stime of one process, in seconds; null once it has exited. */
function processCpu(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: split after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** The postmaster is the parent of any backend: pass a backend's pid (`select pg_backend_pid()`). */
export function postmasterOf(backendPid: number): number | null {
  return procAvailable() ? parentOf(backendPid) : null;
}

function childrenCpu(parent: number): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || parentOf(pid) !== parent) continue;
    const seconds = processCpu(pid);
    if (seconds !== null) cpu.set(pid, seconds);
  }
  return cpu;
}

/**
 * Measures the CPU both processes spend while `run` runs. A backend born inside the window counts from zero
 * (its whole life is in the window); one that exits counts up to its last sample.
 */
export async function measureCpu<T>(serverPid: number | null, postmasterPid: number | null, run: () => Promise<T>): Promise<{ result: T; cpu: CpuSeconds }> {
  const serverBefore = serverPid === null ? null : processCpu(serverPid);
  const first = postmasterPid === null ? null : childrenCpu(postmasterPid);
  const last = new Map(first ?? []);
  const sample = () => {
    if (postmasterPid === null) return;
    for (const [pid, seconds] of childrenCpu(postmasterPid)) last.set(pid, seconds);
  };
  const timer = setInterval(sample, SAMPLE_MS);
  try {
    const result = await run();
    sample();
    const serverAfter = serverPid === null ? null : processCpu(serverPid);
    let postgres: number | null = null;
    if (first !== null) {
      postgres = 0;
      for (const [pid, seconds] of last) postgres += seconds - (first.get(pid) ?? 0);
    }
    return { result, cpu: { server: serverBefore === null || serverAfter === null ? null : serverAfter - serverBefore, postgres } };
  } finally {
    clearInterval(timer);
  }
}
