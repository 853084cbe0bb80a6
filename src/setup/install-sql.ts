// Applies the idempotent scripts in sql/ (roles, auth helpers) in name order.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DatabaseError } from '../errors/database-error.ts';
import { PROJECT_ROOT } from '../version.ts';

export const SQL_DIR = path.join(PROJECT_ROOT, 'sql');

export async function sqlFiles(dir: string = SQL_DIR): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  return names.map((n) => path.join(dir, n));
}

export type ScriptRunner = (text: string) => Promise<void>;

/** Runs every file; returns the ones the connecting role was not allowed to apply. */
export async function installSql(run: ScriptRunner, dir: string = SQL_DIR): Promise<{ applied: string[]; denied: string[] }> {
  const applied: string[] = [];
  const denied: string[] = [];
  for (const file of await sqlFiles(dir)) {
    try {
      await run(await readFile(file, 'utf8'));
      applied.push(file);
    } catch (error) {
      if (error instanceof DatabaseError && (error.sqlState === '42501' || error.sqlState.startsWith('0L'))) denied.push(file);
      else throw error;
    }
  }
  return { applied, denied };
}
