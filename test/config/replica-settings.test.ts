// db-replica-uri and db-replica-max-lag: repeatable/comma-separated/env/@file, validated, redacted in /config.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { buildConfig, loadConfig, readEnv } from '../../src/config/config.ts';
import { dumpConfig } from '../../src/admin/config-dump.ts';

const A = 'postgres://reader:s3cret@replica-a:5432/app';
const B = 'postgresql://reader:other@replica-b:5433/app?sslmode=require';

t.test('defaults: no replicas, 10 s lag', async (t) => {
  const config = buildConfig({});
  t.same(config.dbReplicaUris, []);
  t.equal(config.dbReplicaMaxLag, 10);
});

t.test('repeated flags, comma-separated values and PGRST_DB_REPLICA_URI all give a list', async (t) => {
  t.same(loadConfig(['--db-replica-uri', A, '--db-replica-uri', B], {}).config.dbReplicaUris, [A, B], 'repeated flag');
  t.same(buildConfig({ 'db-replica-uri': `${A}, ${B}` }).dbReplicaUris, [A, B], 'comma-separated');
  t.same(buildConfig(readEnv({ PGRST_DB_REPLICA_URI: `${A},${B}`, PGRST_DB_REPLICA_MAX_LAG: '3' })).dbReplicaUris, [A, B], 'environment');
  t.equal(buildConfig(readEnv({ PGRST_DB_REPLICA_MAX_LAG: '3' })).dbReplicaMaxLag, 3);
});

t.test('@file: one file per value, one or more URIs per file', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'replica-uri-'));
  writeFileSync(path.join(dir, 'a'), `${A}\n`);
  writeFileSync(path.join(dir, 'b'), `${B}\n${A}\n`);
  t.same(loadConfig([`--db-replica-uri=@${path.join(dir, 'a')}`, `--db-replica-uri=@${path.join(dir, 'b')}`], {}).config.dbReplicaUris, [A, B, A]);
  t.throws(() => buildConfig({ 'db-replica-uri': '@/nonexistent/replicas' }), /--db-replica-uri: cannot read file/);
});

t.test('invalid values stop start-up naming the setting', async (t) => {
  t.throws(() => buildConfig({ 'db-replica-uri': `${A},http://x` }), /--db-replica-uri: expected a postgres:\/\//);
  t.throws(() => buildConfig({ 'db-replica-max-lag': '-1' }), /--db-replica-max-lag/);
  t.throws(() => buildConfig({ 'db-replica-max-lag': '1.5' }), /--db-replica-max-lag/);
});

t.test('/config shows each replica URI with only its password redacted', async (t) => {
  const text = dumpConfig(buildConfig({ 'db-replica-uri': [A, B], 'db-replica-max-lag': '4' }));
  t.notMatch(text, /s3cret|other/, 'no password');
  t.match(
    text,
    /^db-replica-uri = "postgres:\/\/reader:%3Credacted%3E@replica-a:5432\/app,postgresql:\/\/reader:%3Credacted%3E@replica-b:5433\/app\?sslmode=require"$/m,
  );
  t.match(text, /^db-replica-max-lag = 4$/m);
});
