// docker-compose.scale.yml and deploy/haproxy.cfg checked structurally (no Docker engine here), and by haproxy -c
// primary + pg_basebackup -R replica, two API instances reading from the replica, HAProxy checking /ready.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import { envName } from '../../src/config/config.ts';
import { SETTINGS } from '../../src/config/settings.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const composeText = readFileSync(path.join(root, 'docker-compose.scale.yml'), 'utf8');
const compose = parse(composeText, { merge: true });
const haproxy = readFileSync(path.join(root, 'deploy', 'haproxy.cfg'), 'utf8');
const replicaStart = readFileSync(path.join(root, 'deploy', 'replication', 'replica-start.sh'), 'utf8');
const primaryInit = readFileSync(path.join(root, 'deploy', 'replication', 'primary-init.sh'), 'utf8');
const envExample = readFileSync(path.join(root, '.env.example'), 'utf8');
const API_SERVICES = ['api-a', 'api-b'];
const ADMIN_READY = /fetch\('http:\/\/127\.0\.0\.1:3001\/ready'\)\.then\(r=>process\.exit\(r\.status===200\?0:1\)/;

t.test('a primary and a streaming replica made with pg_basebackup -R', async (t) => {
  const { primary, replica } = compose.services;
  t.match(primary.image, /^postgres:17/);
  t.match(replica.image, /^postgres:17/);
  t.ok(
    primary.volumes.some((v: string) => v.startsWith('./deploy/replication/primary-init.sh:/docker-entrypoint-initdb.d/')),
    'the primary creates the replication role',
  );
  t.match(primaryInit, /create role replicator with replication login password :'pw'/);
  t.match(primaryInit, /host replication replicator all scram-sha-256/);
  t.same(replica.depends_on, { primary: { condition: 'service_healthy' } });
  t.equal(replica.user, 'postgres', 'PostgreSQL refuses to run as root');
  t.same(replica.entrypoint, ['/bin/sh', '/replica-start.sh']);
  t.match(replicaStart, /pg_basebackup -h primary -U replicator -D "\$PGDATA" -R -X stream/);
  t.match(replicaStart, /exec postgres -c hot_standby=on/);
  t.match(replica.healthcheck.test.join(' '), /standby\.signal/, 'healthy only as a standby');
  for (const script of ['primary-init.sh', 'replica-start.sh'])
    t.ok(statSync(path.join(root, 'deploy', 'replication', script)).mode & 0o111, `${script} is executable`);
});

t.test('two API instances: writes to the primary, reads from the replica, healthy only when /ready says so', async (t) => {
  for (const name of API_SERVICES) {
    const api = compose.services[name];
    t.equal(api.build, '.');
    t.equal(api.environment.PGRST_DB_URI, 'postgres://authenticator:${AUTHENTICATOR_PASSWORD}@primary:5432/postgres');
    t.equal(api.environment.PGRST_DB_REPLICA_URI, 'postgres://authenticator:${AUTHENTICATOR_PASSWORD}@replica:5432/postgres');
    t.equal(api.environment.PGRST_ADMIN_SERVER_PORT, '3001');
    t.match(api.healthcheck.test.join(' '), ADMIN_READY);
    t.equal(api.ports, undefined, 'reached through HAProxy only');
    t.ok(parseFloat(api.stop_grace_period) > 10, 'docker stop waits longer than the 10 s drain');
    const known = new Set(SETTINGS.map(envName));
    for (const variable of Object.keys(api.environment)) t.ok(known.has(variable), `${name}: ${variable} is a real setting`);
  }
});

t.test('HAProxy balances the API instances and checks each on the admin /ready', async (t) => {
  const proxy = compose.services.haproxy;
  t.match(proxy.image, /^haproxy:/);
  t.ok(proxy.volumes.includes('./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro'));
  t.ok(proxy.ports.some((p: string) => /:3000$/.test(p)));
  for (const name of API_SERVICES) t.same(proxy.depends_on[name], { condition: 'service_healthy' });
  t.match(haproxy, /^\s*bind :3000$/m);
  t.match(haproxy, /^\s*option httpchk GET \/ready$/m);
  t.match(haproxy, /^\s*http-check expect status 200$/m);
  t.match(haproxy, /^\s*default-server check port 3001 /m, 'checks go to the admin port');
  const servers = [...haproxy.matchAll(/^\s*server (\S+) (\S+):3000$/gm)].map((m) => [m[1], m[2]]);
  t.same(
    servers,
    API_SERVICES.map((name) => [name, name]),
    'one server line per API service, on its API port',
  );
});

t.test('secrets come from ${VAR} / .env; every variable is in .env.example; every mounted file exists', async (t) => {
  for (const name of ['POSTGRES_PASSWORD', 'AUTHENTICATOR_PASSWORD', 'REPLICATION_PASSWORD']) {
    t.match(compose.services.primary.environment[name], new RegExp(`^\\$\\{${name}:\\?`));
  }
  t.match(compose.services.replica.environment.REPLICATION_PASSWORD, /^\$\{REPLICATION_PASSWORD:\?/);
  const used = new Set([...composeText.matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]!));
  const listed = new Set([...envExample.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]!));
  for (const name of used) t.ok(listed.has(name), `${name} is in .env.example`);
  t.notMatch(composeText, /password: [a-z]/i, 'no literal password');
  for (const service of Object.values(compose.services) as Array<{ volumes?: string[] }>) {
    for (const volume of service.volumes ?? []) {
      const source = volume.split(':')[0]!;
      if (source.startsWith('./')) t.ok(existsSync(path.join(root, source)), source);
    }
  }
});

// HAProxy's own parser, where Debian's haproxy is installed (.ci/run installs it): the service names only
// resolve inside compose, so those warnings are expected; anything invalid fails.
const haproxyBinary = ['/usr/sbin/haproxy', '/usr/bin/haproxy'].find((p) => existsSync(p));
t.test('deploy/haproxy.cfg passes haproxy -c', { skip: haproxyBinary ? false : 'haproxy is not installed' }, async (t) => {
  const check = spawnSync(haproxyBinary!, ['-c', '-f', path.join(root, 'deploy', 'haproxy.cfg')], { encoding: 'utf8' });
  t.equal(check.status, 0, check.stderr);
  t.match(check.stdout + check.stderr, /Configuration file is valid/);
});
