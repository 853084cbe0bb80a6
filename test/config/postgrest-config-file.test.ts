// PostgREST config files: aliases, PostgREST-only keys (one warning each), unknown keys (error), $(VAR), $$, @file and $.role paths.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { parseConfigFile } from '../../src/config/config-file.ts';
import { toRoleClaimPath } from '../../src/config/role-claim-key.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pgrst-conf-'));
const file = (name: string, text: string): string => {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
};
const loadError = (argv: string[], env: NodeJS.ProcessEnv = {}): string => {
  try {
    loadConfig(argv, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '(no error)';
};

t.test('a PostgREST config file starts: PostgREST-only keys warn once each, implemented ones apply', async (t) => {
  const conf = file(
    'postgrest.conf',
    [
      '# an existing PostgREST setup',
      'db-uri = "postgres://authenticator:pw@db.example.com:5432/app"',
      'db-schemas = "api, public"',
      'db-anon-role = "web_anon"',
      'db-pool = 7',
      'db-plan-enabled = true',
      'db-root-spec = "root"',
      'url-use-legacy-target-names = true',
      'url-use-legacy-target-names = false',
      'server-trace-header = "X-Request-Id"',
      'app.settings.jwt_secret = "kept-out-of-logs"',
      'jwt-role-claim-key = "$$.realm_access.roles[0]"',
      'log-level = "warn"',
      'server-timing-enabled = true',
      'admin-server-port = 3001',
    ].join('\n'),
  );
  const { config, warnings } = loadConfig([conf], {});
  t.equal(config.dbUri, 'postgres://authenticator:pw@db.example.com:5432/app');
  t.same(config.dbSchemas, ['api', 'public']);
  t.equal(config.dbAnonRole, 'web_anon');
  t.equal(config.dbPool, 7);
  t.equal(config.jwtRoleClaimKey, '.realm_access.roles[0]', '$$ is a literal $; $.path becomes the DSL');
  t.equal(config.logLevel, 'warn');
  t.equal(config.serverTimingEnabled, true);
  t.equal(config.adminServerPort, 3001);
  t.equal(warnings.filter((w) => w.includes('"url-use-legacy-target-names"')).length, 2, 'each occurrence names its own line');
  t.equal(config.dbRootSpec, 'root', 'db-root-spec is implemented');
  t.equal(config.dbPlanEnabled, true, 'db-plan-enabled is implemented');
  t.ok(
    warnings.every((w) => /postgrest\.conf:\d+: PostgREST setting "[^"]+" is not implemented by pg-data-api and is ignored/.test(w)),
    warnings.join('\n'),
  );
  t.notMatch(warnings.join('\n'), /kept-out-of-logs/, 'values are never echoed');
});

t.test('unknown keys are an error naming the file, line and key', async (t) => {
  const conf = file('typo.conf', 'db-uri = "postgres://u@h/db"\ndb-shemas = "api"\n');
  t.match(loadError([conf]), /typo\.conf:2.*unknown setting "db-shemas"/);
  t.match(loadError(['--db-shemas', 'api']), /--db-shemas.*unknown setting/);
});

t.test("PostgREST's aliases, in files, env and flags; the current name wins over an alias", async (t) => {
  const conf = file('aliases.conf', 'db-schema = "old_style"\nmax-rows = 100\npre-request = "api.check"\nrole-claim-key = ".role"\n');
  const { config } = loadConfig(['--config', conf], {});
  t.same(config.dbSchemas, ['old_style']);
  t.equal(config.dbMaxRows, 100);
  t.equal(config.dbPreRequest, 'api.check');
  t.equal(config.jwtRoleClaimKey, '.role');
  const both = file('both.conf', 'db-schemas = "current"\ndb-schema = "alias"\n');
  t.same(loadConfig([both], {}).config.dbSchemas, ['current']);
  t.same(loadConfig([], { PGRST_DB_SCHEMA: 'from_env', PGRST_MAX_ROWS: '5' }).config.dbSchemas, ['from_env']);
  t.equal(loadConfig([], { PGRST_MAX_ROWS: '5' }).config.dbMaxRows, 5);
  t.equal(loadConfig(['--max-rows', '9'], {}).config.dbMaxRows, 9);
  const env = loadConfig([], { PGRST_URL_USE_LEGACY_TARGET_NAMES: 'true', PGRST_OPENAPI_MODE: 'disabled', PGRST_DB_SCHEMAS: 'x' });
  t.match(env.warnings.join('\n'), /PGRST_URL_USE_LEGACY_TARGET_NAMES: PostgREST setting "url-use-legacy-target-names"/);
  t.equal(loadConfig([], { PGRST_ROOT_SPEC: 'api.root' }).config.dbRootSpec, 'api.root', "PostgREST's root-spec alias");
  t.equal(env.config.openapiMode, 'disabled');
});

t.test('string values: escapes, $(VAR) from the environment, $$ as a literal $', async (t) => {
  const entries = parseConfigFile('jwt-aud = "a\\"b\\\\c"\ndb-uri = "postgres://$(DB_USER)@h/db"\njwt-issuer = "cost $$5" # trailing comment\n', 'x.conf', {
    DB_USER: 'app',
  });
  t.same(
    entries.map((e) => e.value),
    ['a"b\\c', 'postgres://app@h/db', 'cost $5'],
  );
  t.throws(() => parseConfigFile('db-uri = "$(NOPE)"', 'x.conf', {}), /x\.conf:1.*NOPE.*not set/);
  t.throws(() => parseConfigFile("db-uri = 'single'", 'x.conf', {}), /double quotes/);
  t.throws(() => parseConfigFile('db-uri = "open', 'x.conf', {}), /unterminated/);
  t.throws(() => parseConfigFile('import "other.conf"', 'x.conf', {}), /not supported/);
  t.same(
    parseConfigFile('a = on\nb = FALSE\nc = 42', 'x.conf', {}).map((e) => e.value),
    ['true', 'false', '42'],
  );
});

t.test('@file values for db-uri and jwt-secret (trailing newline dropped)', async (t) => {
  const uriFile = file('db-uri', 'postgres://authenticator:from-file@h/db\n');
  const secretFile = file('jwt-secret', 'a-secret-that-is-long-enough-for-hmac-256\n');
  const conf = file('at.conf', `db-uri = "@${uriFile}"\njwt-secret = "@${secretFile}"\n`);
  const { config } = loadConfig([conf], {});
  t.equal(config.dbUri, 'postgres://authenticator:from-file@h/db');
  t.equal(config.jwtSecret, 'a-secret-that-is-long-enough-for-hmac-256');
  t.equal(loadConfig([], { PGRST_DB_URI: `@${uriFile}` }).config.dbUri, 'postgres://authenticator:from-file@h/db');
  t.match(loadError(['--db-uri', '@/no/such/file']), /--db-uri: cannot read file \/no\/such\/file/);
  t.match(loadError(['--jwt-secret', `@${file('short', 'short\n')}`]), /at least 32 characters/);
});

t.test('jwt-role-claim-key: RFC 9535 $-paths translate to the JSPath DSL; the DSL passes through', async (t) => {
  const cases: Array<[string, string]> = [
    ['$.role', '.role'],
    ['$.app_metadata.role', '.app_metadata.role'],
    ["$['https://example.com/claims'].role", '."https://example.com/claims".role'],
    ['$["https://hasura.io/jwt/claims"]["x-hasura-default-role"]', '."https://hasura.io/jwt/claims"."x-hasura-default-role"'],
    ['$.realm_access.roles[0]', '.realm_access.roles[0]'],
    ['$.roles[?@ == "admin"]', '.roles[?(@ == "admin")]'],
    ["$.roles[?(@ != 'guest')]", '.roles[?(@ != "guest")]'],
    ['.role', '.role'],
    ['.roles[?(@ ^== "app_")]', '.roles[?(@ ^== "app_")]'],
  ];
  for (const [input, expected] of cases) t.equal(toRoleClaimPath(input), expected, input);
  for (const bad of ['$', '$..role', '$.*', '$[-1]', '$.roles[?@ > "a"]', '$.a[']) t.throws(() => toRoleClaimPath(bad), /supported:/, bad);
  t.match(loadError(['--jwt-role-claim-key', '$..role']), /--jwt-role-claim-key/);
});

t.test('admin-server-port must differ from server-port', async (t) => {
  t.match(loadError(['--admin-server-port', '3000']), /--admin-server-port.*differ/);
});
