// Start-up errors that say what to do, on a real process: bad password, unknown schema, missing role; a PostgREST config file starts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { startApiProcess } from '../helpers/api-process.ts';
import { createTestDatabase } from '../helpers/test-db.ts';

const db = await createTestDatabase();
t.teardown(() => db.drop());
const withPassword = (password: string) => {
  const url = new URL(db.uri);
  url.password = password;
  return url.toString();
};

async function failsWith(args: string[], pattern: RegExp) {
  const api = startApiProcess(args);
  const started = Date.now();
  const code = await api.exited;
  return { code, output: api.output, ms: Date.now() - started, matches: pattern.test(api.output) };
}

t.test('a wrong password exits 1 at once with the reason, never retrying, never printing the password', async (t) => {
  const result = await failsWith(['--db-uri', withPassword('wrong-secret-pw'), '--db-schemas', 'test', '--server-port', '0'], /password authentication failed/);
  t.equal(result.code, 1);
  t.ok(result.matches, result.output);
  t.match(result.output, /28P01/);
  t.notMatch(result.output, /attempt 2|retrying in/);
  t.notMatch(result.output, /wrong-secret-pw/);
});

t.test('a --db-schemas schema that does not exist exits 1 listing the schemas there are', async (t) => {
  const result = await failsWith(['--db-uri', db.uri, '--db-schemas', 'test,nosuch', '--server-port', '0'], /schema "nosuch" does not exist/);
  t.equal(result.code, 1);
  t.ok(result.matches, result.output);
  t.match(result.output, /Schemas it has: .*\btest\b/);
  t.match(result.output, /\bpublic\b/);
});

t.test('a missing anonymous role exits 1 naming it and the SQL that creates it', async (t) => {
  const result = await failsWith(
    ['--db-uri', db.uri, '--db-schemas', 'test', '--db-anon-role', 'web_anon', '--server-port', '0'],
    /role "web_anon" \(--db-anon-role\) does not exist/,
  );
  t.equal(result.code, 1);
  t.ok(result.matches, result.output);
  t.match(result.output, /create role web_anon nologin; grant web_anon to pgdataapi_test_authenticator;/);
  const notGranted = await failsWith(
    ['--db-uri', db.uri, '--db-schemas', 'test', '--db-authenticated-role', 'pg_monitor', '--server-port', '0'],
    /cannot switch to role "pg_monitor"/,
  );
  t.equal(notGranted.code, 1);
  t.ok(notGranted.matches, notGranted.output);
  t.match(notGranted.output, /grant pg_monitor to pgdataapi_test_authenticator;/);
});

t.test('a PostgREST config file with PostgREST-only keys starts, warning once per key; an unknown key stops it', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-data-api-conf-'));
  const conf = path.join(dir, 'postgrest.conf');
  writeFileSync(
    conf,
    [
      `db-uri = "${db.uri}"`,
      'db-schema = "test"',
      'db-anon-role = "anonymous"',
      'server-trace-header = "X-Request-Id"',
      'url-use-legacy-target-names = true',
      'jwt-secret = "@' + path.join(dir, 'secret') + '"',
      'jwt-secret-is-base64 = false',
      'role-claim-key = "$$.role"',
      'server-port = 0',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'secret'), 'a-secret-long-enough-for-hs256-tokens!!\n');
  const api = startApiProcess([conf]);
  t.teardown(() => api.kill());
  const output = await api.waitFor(/ready in \d+ ms/);
  for (const key of ['server-trace-header', 'url-use-legacy-target-names', 'jwt-secret-is-base64']) {
    t.equal(output.split(`"${key}" is not implemented`).length - 1, 1, `one warning for ${key}`);
  }
  t.notMatch(output, /a-secret-long-enough/);
  api.kill('SIGTERM');
  t.equal(await api.exited, 0);
  writeFileSync(conf, `db-uri = "${db.uri}"\ndb-schemaz = "test"\n`);
  const bad = await failsWith([conf], /unknown setting "db-schemaz"/);
  t.equal(bad.code, 1);
  t.ok(bad.matches, bad.output);
});

t.test('while an unreachable database is retried: /live 200, /ready 503, and SIGTERM exits 0 at once', async (t) => {
  const { freePort } = await import('../helpers/api-process.ts');
  const [dbPort, adminPortNumber] = [await freePort(), await freePort()];
  const api = startApiProcess(['--db-uri', `postgres://nobody:pw@127.0.0.1:${dbPort}/x`, '--server-port', '0', '--admin-server-port', String(adminPortNumber)]);
  t.teardown(() => api.kill());
  await api.waitFor(/database not reachable \(attempt 1\)/);
  const admin = `http://127.0.0.1:${adminPortNumber}`;
  t.equal((await fetch(`${admin}/live`)).status, 200);
  t.equal((await fetch(`${admin}/ready`)).status, 503);
  const stopping = Date.now();
  api.child.kill('SIGTERM');
  t.equal(await api.exited, 0);
  t.ok(Date.now() - stopping < 5000, 'no waiting for the retry loop');
});
