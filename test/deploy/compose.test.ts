// docker-compose.yml and Dockerfile are checked structurally (no Docker engine here to run them).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import { SETTINGS } from '../../src/config/settings.ts';
import { envName } from '../../src/config/config.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'));

t.test('compose runs PostgreSQL 17 and the API built from this repo', async (t) => {
  t.match(compose.services.db.image, /^postgres:17/);
  t.ok(compose.services.db.healthcheck.test, 'db has a health check');
  t.equal(compose.services.api.build, '.');
  t.same(compose.services.api.depends_on, { db: { condition: 'service_healthy' } });
  t.ok(compose.services.api.healthcheck.test, 'api has a health check');
  t.ok(compose.services.api.ports.includes('3000:3000'));
});

t.test('every API environment variable is a real setting', async (t) => {
  const known = new Set(SETTINGS.map(envName));
  for (const name of Object.keys(compose.services.api.environment)) t.ok(known.has(name), name);
  t.match(compose.services.api.environment.PGRST_DB_URI, /^postgres:\/\/authenticator:/);
});

t.test('every file mounted into the database container exists', async (t) => {
  for (const volume of compose.services.db.volumes as string[]) {
    const source = volume.split(':')[0]!;
    if (source.startsWith('./')) t.ok(existsSync(path.join(root, source)), source);
  }
});

t.test('the Dockerfile installs from the lockfile and starts the server', async (t) => {
  const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
  t.match(dockerfile, /^FROM node:20/m);
  t.match(dockerfile, /npm ci --omit=dev/);
  t.match(dockerfile, /HEALTHCHECK/);
  t.match(dockerfile, /RUN node bin\/build.mjs/);
  t.match(dockerfile, /CMD \["node", .*"dist\/main.mjs"\]/);
  t.ok(existsSync(path.join(root, 'bin', 'build.mjs')));
});
