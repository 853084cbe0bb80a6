// Where a connection URI points, by libpq's rules (the pipeline driver, postgres.js and metric labels all read it).
import t from 'tap';
import { connectionTarget, targetName, withoutTargetParams } from '../../src/db/connection-target.ts';

t.test('TCP: the authority, with ?host= and ?port= overriding it', async (t) => {
  t.same(connectionTarget('postgres://u:p@db.example:6543/app'), { host: 'db.example', port: 6543, socketPath: null });
  t.same(connectionTarget('postgres://u@localhost/app'), { host: 'localhost', port: 5432, socketPath: null });
  t.same(connectionTarget('postgres:///app'), { host: 'localhost', port: 5432, socketPath: null }, 'no host: localhost');
  t.same(connectionTarget('postgres://u@a:1/app?host=b&port=2'), { host: 'b', port: 2, socketPath: null });
  t.equal(targetName(connectionTarget('postgres://u@[::1]:5433/app')), '[::1]:5433', 'IPv6 keeps its brackets in a label');
});

t.test('a host starting with / is the directory of the Unix socket', async (t) => {
  t.same(connectionTarget('postgres:///app?host=/run/postgresql'), { host: '/run/postgresql', port: 5432, socketPath: '/run/postgresql/.s.PGSQL.5432' });
  t.same(connectionTarget('postgres://u:p@%2Ftmp%2Fpg%2F:5499/app').socketPath, '/tmp/pg/.s.PGSQL.5499', 'percent-encoded authority');
  t.equal(targetName(connectionTarget('postgres://u:secret@x/app?host=/tmp/s')), '/tmp/s/.s.PGSQL.5432', 'a label: no user or password');
});

t.test('withoutTargetParams drops only host and port (postgres.js would send them as server settings)', async (t) => {
  t.equal(withoutTargetParams('postgres://u@h/app?sslmode=require'), 'postgres://u@h/app?sslmode=require', 'unchanged');
  t.equal(withoutTargetParams('postgres://u@h/app?host=%2Ftmp&sslmode=disable&port=1'), 'postgres://u@h/app?sslmode=disable');
});
