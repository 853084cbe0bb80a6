// Which transactions a read replica may serve: the flag build-transaction sets for the read router (db/read-router.ts).
import t from 'tap';
import { authResult, type AuthResult } from '../../src/auth/auth-result.ts';
import { planRequest } from '../../src/plan/plan.ts';
import { buildTransaction } from '../../src/query/build-transaction.ts';
import type { RoleSettings, SchemaCache } from '../../src/schema/types.ts';
import { frozenCache, parse, testConfig } from '../helpers/frozen-cache.ts';

const anonymous: AuthResult = authResult('anonymous', {}, true);
const roles = (isolation: RoleSettings['isolation']): Pick<SchemaCache, 'roleSettings'> => ({
  roleSettings: new Map([['anonymous', { settings: [], isolation }]]),
});

function eligible(
  method: string,
  url: string,
  headers: Record<string, string> = {},
  options: { cache?: Pick<SchemaCache, 'roleSettings'>; config?: Record<string, string> } = {},
): boolean {
  const config = testConfig(options.config);
  const plan = planRequest(parse(method, url, headers), frozenCache, config);
  if (plan.kind === 'root' || plan.kind === 'info') throw new Error('not a database plan');
  return buildTransaction(plan, anonymous, config, options.cache).replicaEligible === true;
}

t.test('GET and HEAD reads of tables and views, and of STABLE/IMMUTABLE functions, may run on a replica', async (t) => {
  t.equal(eligible('GET', '/items?select=name&id=eq.1'), true, 'GET table');
  t.equal(eligible('HEAD', '/items'), true, 'HEAD table');
  t.equal(eligible('GET', '/rpc/add?a=1&b=2'), true, 'GET immutable function');
  t.equal(eligible('GET', '/rpc/whoami'), true, 'GET stable function');
  t.equal(eligible('GET', '/items', {}, { cache: roles('read committed') }), true, 'read committed asked for by name');
});

t.test('everything else runs on the primary', async (t) => {
  t.equal(eligible('GET', '/rpc/bump'), false, 'GET of a VOLATILE function');
  t.equal(eligible('POST', '/rpc/whoami'), false, 'POST of a STABLE function');
  t.equal(eligible('DELETE', '/items?id=eq.1'), false, 'delete');
  t.equal(eligible('GET', '/items', { 'read-your-writes': 'true' }), false, 'Read-Your-Writes: true');
  t.equal(eligible('GET', '/items', { 'read-your-writes': ' TRUE ' }), false, 'the value is case-insensitive');
  t.equal(eligible('GET', '/items', { 'read-your-writes': 'false' }), true, 'any other value is ignored');
  t.equal(eligible('GET', '/items', {}, { cache: roles('serializable') }), false, 'serializable role (a hot standby refuses it)');
  t.equal(eligible('GET', '/items', {}, { cache: roles('repeatable read') }), false, 'repeatable read role');
  t.equal(eligible('GET', '/items', { prefer: 'tx=rollback' }, { config: { 'db-tx-end': 'commit-allow-override' } }), false, 'Prefer: tx=rollback');
});
