// Zero-config demo: the embedded PostgreSQL (imported only here, only in demo mode), its dev signing key, and the welcome text.
import path from 'node:path';
import { loadDevKeys, type DevKeys } from '../auth/dev-keys.ts';
import type { Config } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { sqlFiles } from './install-sql.ts';
import { printWelcome } from './welcome.ts';

export const DEMO_DATA_DIR = '.pg-data';

export interface DemoMode {
  /** The API's connection URI (the authenticator role). */
  uri: string;
  stop(): Promise<void>;
  /** The local development key set, when no provider is configured. */
  devKeys: DevKeys | null;
  welcome(baseUrl: string): Promise<void>;
}

export async function startDemo(config: Readonly<Config>, log: Logger): Promise<DemoMode> {
  const dataDir = path.resolve(DEMO_DATA_DIR);
  log.notice(`no --db-uri / DATABASE_URL given: starting an embedded PostgreSQL in ${DEMO_DATA_DIR}/ with the demo schema`);
  let demoDatabase: typeof import('../embedded/demo-database.ts');
  try {
    demoDatabase = await import('../embedded/demo-database.ts');
  } catch {
    throw new Error('this installation has no embedded PostgreSQL (e.g. the production Docker image): set --db-uri or PGRST_DB_URI to your database');
  }
  const demo = await demoDatabase.startDemoDatabase(dataDir, runScriptsAs, await sqlFiles(), (m) => log.notice(m));
  // Without a configured provider, trust a local development key so RLS can be shown.
  const devKeys = config.jwksUrls.length === 0 && config.jwtSecret === null ? await loadDevKeys(path.join(dataDir, 'dev-signing-key.json')) : null;
  return {
    uri: demo.uri,
    devKeys,
    stop: () => demo.cluster.stop(),
    async welcome(baseUrl) {
      printWelcome(
        baseUrl,
        devKeys
          ? [
              '',
              '  # DEVELOPMENT ONLY: a token for user-ada, signed by a local demo key that only demo mode trusts.',
              "  # With it, Row-Level Security shows Ada her own todos (auth.user_id() = 'user-ada'):",
              `  curl '${baseUrl}/todos' -H 'Authorization: Bearer ${await devKeys.mint('user-ada')}'`,
            ]
          : [],
      );
    },
  };
}

async function runScriptsAs(uri: string, scripts: string[]): Promise<void> {
  const admin = openDatabase(uri, { pool: 1 });
  try {
    for (const script of scripts) await admin.runScript(script);
  } finally {
    await admin.close();
  }
}
