// Zero-config mode: an embedded PostgreSQL in .pg-data/ with the install scripts and the demo schema.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import postgresUri from './postgres-uri.ts';
import { startEmbeddedPostgres, type EmbeddedCluster } from './embedded-postgres.ts';

export interface DemoDatabase {
  /** Connection URI for the API: the `authenticator` role, like a production deployment. */
  uri: string;
  cluster: EmbeddedCluster;
}

/** `runAsSuperuser` applies SQL through db/ so this folder does not import the driver. */
export async function startDemoDatabase(
  baseDir: string,
  runAsSuperuser: (uri: string, scripts: string[]) => Promise<void>,
  installScripts: string[],
  log: (message: string) => void,
): Promise<DemoDatabase> {
  const cluster = await startEmbeddedPostgres({ baseDir, port: 54329, log, ownProcessGroup: true });
  const passwordFile = path.join(baseDir, 'authenticator-password');
  const password = existsSync(passwordFile) ? (await readFile(passwordFile, 'utf8')).trim() : randomBytes(18).toString('base64url');
  if (!existsSync(passwordFile)) await writeFile(passwordFile, password + '\n', { mode: 0o600 });
  const demoSql = await readFile(path.join(path.dirname(installScripts[0] ?? '.'), 'demo', 'demo.sql'), 'utf8');
  const scripts = await Promise.all(installScripts.map((f) => readFile(f, 'utf8')));
  // The password is a generated value of base64url characters only, so it cannot break the literal.
  await runAsSuperuser(cluster.uri, [...scripts, demoSql, `alter role authenticator with login password '${password}'`]);
  return { uri: postgresUri(cluster.port, 'authenticator', password), cluster };
}
