// A token's role claim may only select roles the login role can switch to, never the login role itself.
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';
import { TEST_LOGIN_ROLE } from '../helpers/template.ts';
import { createTokenMinter } from '../helpers/tokens.ts';

const OUTSIDER = 'pgdataapi_test_outsider';
const minter = await createTokenMinter();
const app = await startTestApp({ 'jwt-role-claim-key': '.role' }, { keySets: minter.keySets }, async (db) => {
  // Roles are cluster-wide: create it once; it is never granted to the login role.
  await db.admin.runScript(`do $$ begin
    if not exists (select from pg_roles where rolname = '${OUTSIDER}') then create role ${OUTSIDER} nologin; end if;
  end $$`);
});
t.teardown(() => app.close());

const as = async (role: string) => app.request('GET', '/whoami?select=role', { headers: await minter.bearer('someone', { role }) });

t.test('the login role itself is refused with 401', async (t) => {
  const res = await as(TEST_LOGIN_ROLE);
  t.equal(res.status, 401, res.body);
  t.same(res.json(), { code: '42501', message: `permission denied to set role "${TEST_LOGIN_ROLE}"`, details: null, hint: null });
  t.match(res.headers['www-authenticate'], /invalid_token/);
});

t.test('unknown roles ("none", "authenticator" when absent) are 401 role does not exist', async (t) => {
  const none = await as('none');
  t.equal(none.status, 401, none.body);
  t.same(none.json(), { code: '22023', message: 'role "none" does not exist', details: null, hint: null });
  const [exists] = await app.sql(`select exists (select from pg_roles where rolname = 'authenticator') as e`);
  const authenticator = await as('authenticator');
  t.equal(authenticator.status, 401, authenticator.body);
  t.equal(authenticator.json().code, exists!.e ? '42501' : '22023', 'authenticator is not the login role here, and not switchable from it');
});

t.test('a role the login role is not a member of is 401; a superuser is too', async (t) => {
  const outsider = await as(OUTSIDER);
  t.equal(outsider.status, 401, outsider.body);
  t.equal(outsider.json().code, '42501');
  const [superuser] = await app.sql('select rolname from pg_roles where rolsuper limit 1');
  const su = await as(String(superuser!.rolname));
  t.equal(su.status, 401, su.body);
});

t.test('granted roles still work; nothing ran as the login role', async (t) => {
  const admin = await as('test_admin');
  t.equal(admin.status, 403, 'test_admin has no grant on whoami: it ran as test_admin, not as the login role');
  const authenticated = await as('authenticated');
  t.equal(authenticated.status, 200, authenticated.body);
  t.same(authenticated.json(), [{ role: 'authenticated' }]);
  const anonymous = await app.request('GET', '/whoami?select=role');
  t.same(anonymous.json(), [{ role: 'anonymous' }]);
});
