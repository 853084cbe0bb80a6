// Configuration: CLI flags, environment, config file, precedence and validation messages.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { buildConfig, ConfigError, loadConfig, parseArgv, readEnv } from '../../src/config/config.ts';
import { helpText } from '../../src/config/help.ts';

t.test('defaults match PostgREST names and values', async (t) => {
  const config = buildConfig();
  t.equal(config.dbUri, null);
  t.same(config.dbSchemas, ['public']);
  t.equal(config.dbAnonRole, 'anonymous');
  t.equal(config.serverPort, 3000);
  t.equal(config.dbMaxRows, null);
  t.ok(Object.isFrozen(config));
});

t.test('CLI flags in both forms, repeated and comma-separated lists', async (t) => {
  const { values } = parseArgv([
    '--db-uri',
    'postgres://u@h/db',
    '--db-schemas=api,public',
    '--jwks-url',
    'https://a/jwks',
    '--jwks-url=https://b/jwks,https://c/jwks',
  ]);
  const config = buildConfig(values);
  t.equal(config.dbUri, 'postgres://u@h/db');
  t.same(config.dbSchemas, ['api', 'public']);
  t.same(config.jwksUrls, ['https://a/jwks', 'https://b/jwks', 'https://c/jwks']);
});

t.test('environment: PGRST_* and DATABASE_URL', async (t) => {
  const env = readEnv({ DATABASE_URL: 'postgres://x@y/z', PGRST_DB_POOL: '4', PGRST_SERVER_PORT: '8080', PGRST_DB_ANON_ROLE: 'web' });
  const config = buildConfig(env);
  t.equal(config.dbUri, 'postgres://x@y/z');
  t.equal(config.dbPool, 4);
  t.equal(config.serverPort, 8080);
  t.equal(config.dbAnonRole, 'web');
  t.equal(buildConfig(readEnv({ DATABASE_URL: 'postgres://a@b/c', PGRST_DB_URI: 'postgres://d@e/f' })).dbUri, 'postgres://d@e/f');
});

t.test('config file < env < CLI', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
  const file = path.join(dir, 'api.conf');
  writeFileSync(file, '# comment\ndb-uri = "postgres://file@h/db"\ndb_max_rows = 50\nserver-port = 4000\n');
  const { config } = loadConfig(['--config', file, '--server-port', '5000'], { PGRST_DB_MAX_ROWS: '20' });
  t.equal(config.dbUri, 'postgres://file@h/db');
  t.equal(config.dbMaxRows, 20);
  t.equal(config.serverPort, 5000);
});

t.test('invalid settings stop start-up with one message naming the setting', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [['--server-port', 'abc'], /--server-port.*integer/],
    [['--db-pool', '0'], /--db-pool/],
    [['--db-uri', 'mysql://x'], /--db-uri.*postgres/],
    [['--db-tx-end', 'maybe'], /--db-tx-end.*commit/],
    [['--jwks-url', 'ftp://x'], /--jwks-url/],
    [['--jwt-secret', 'short'], /--jwt-secret.*32/],
    [['--no-such-thing', '1'], /--no-such-thing.*unknown/],
    [['--db-uri'], /--db-uri.*missing value/],
  ];
  for (const [argv, pattern] of cases) {
    let caught: unknown = null;
    try {
      loadConfig(argv, {});
    } catch (error) {
      caught = error;
    }
    t.ok(caught instanceof ConfigError, `${argv.join(' ')} is rejected`);
    t.match((caught as Error).message, pattern);
  }
  t.throws(() => buildConfig(readEnv({ PGRST_DB_AGGREGATES_ENABLED: 'perhaps' })), /--db-aggregates-enabled/);
});

t.test('--help lists every setting with its environment variable', async (t) => {
  const text = helpText('1.2.3');
  for (const name of ['--db-uri', '--db-schemas', '--db-anon-role', '--db-pool', '--db-max-rows', '--server-host', '--server-port', '--jwks-url', '--jwt-aud'])
    t.match(text, name);
  t.match(text, 'PGRST_DB_URI');
  t.match(text, 'DATABASE_URL');
});
