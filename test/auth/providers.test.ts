// Token shapes modelled on real providers, accepted or rejected as each would be configured.
import t from 'tap';
import { createAuthenticator } from '../../src/auth/create-authenticator.ts';
import { baseConfig, frozenClock, jwksOf, makeKey, rejectsWith, sign } from './fixtures.ts';

const rs = await makeKey('RS256', 'provider-rsa');
const es = await makeKey('ES256', 'provider-ec');
const ed = await makeKey('EdDSA', 'provider-ed');
const clock = frozenClock();
const keySets = [jwksOf(rs, es, ed)];
const auth = (jwtAud: string | null, jwtIssuer: string | null = null, jwtRoleClaimKey: string | null = null) =>
  createAuthenticator(baseConfig({ jwtAud, jwtIssuer, jwtRoleClaimKey }), { keySets, now: clock.now });

interface Case {
  provider: string;
  key: typeof rs;
  claims: Record<string, unknown>;
  aud: string | null;
  iss?: string | null;
  roleClaimKey?: string | null;
  expect: 'accept' | 'reject';
  role?: string;
}

const cases: Case[] = [
  // Auth0 access token for an API: aud = [API identifier, userinfo URL].
  {
    provider: 'Auth0 access token',
    key: rs,
    aud: 'https://api.example.com',
    iss: 'https://tenant.us.auth0.com/',
    expect: 'accept',
    claims: {
      iss: 'https://tenant.us.auth0.com/',
      sub: 'auth0|123',
      aud: ['https://api.example.com', 'https://tenant.us.auth0.com/userinfo'],
      azp: 'client',
      scope: 'openid profile',
    },
  },
  {
    provider: 'Auth0 token for another API',
    key: rs,
    aud: 'https://api.example.com',
    expect: 'reject',
    claims: { sub: 'auth0|123', aud: ['https://other.example.com', 'https://tenant.us.auth0.com/userinfo'] },
  },
  // Clerk session token: no aud by default, azp = frontend origin.
  {
    provider: 'Clerk session token, no audience configured',
    key: rs,
    aud: null,
    expect: 'accept',
    claims: { iss: 'https://clerk.example.com', sub: 'user_2abc', azp: 'https://app.example.com', sid: 'sess_1' },
  },
  {
    provider: 'Clerk session token with --jwt-aud set (no aud claim)',
    key: rs,
    aud: 'my-app',
    expect: 'reject',
    claims: { iss: 'https://clerk.example.com', sub: 'user_2abc', azp: 'https://app.example.com' },
  },
  // Cognito: the id token has aud = app client id; the access token has client_id and no aud.
  {
    provider: 'Cognito id token',
    key: rs,
    aud: '7abc',
    expect: 'accept',
    claims: { sub: 'uuid-1', aud: '7abc', token_use: 'id', 'cognito:username': 'u', iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X' },
  },
  {
    provider: 'Cognito access token with --jwt-aud (has client_id, no aud)',
    key: rs,
    aud: '7abc',
    expect: 'reject',
    claims: { sub: 'uuid-1', client_id: '7abc', token_use: 'access', scope: 'aws.cognito.signin.user.admin' },
  },
  {
    provider: 'Cognito access token, issuer pinned instead of audience',
    key: rs,
    aud: null,
    iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X',
    expect: 'accept',
    claims: { sub: 'uuid-1', client_id: '7abc', token_use: 'access', iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X' },
  },
  // Azure AD / Entra ID: aud = application ID URI (v1) or client id (v2).
  {
    provider: 'Azure AD v1 token (aud = app ID URI)',
    key: rs,
    aud: 'api://my-api',
    expect: 'accept',
    claims: { aud: 'api://my-api', iss: 'https://sts.windows.net/tenant/', oid: 'oid-1', tid: 'tenant', roles: ['Reader'] },
  },
  {
    provider: 'Azure AD v2 token (aud = client id)',
    key: rs,
    aud: '00000000-aaaa-bbbb-cccc-111111111111',
    expect: 'accept',
    claims: { aud: '00000000-aaaa-bbbb-cccc-111111111111', iss: 'https://login.microsoftonline.com/tenant/v2.0', oid: 'oid-1' },
  },
  {
    provider: 'Azure AD token for the Graph API',
    key: rs,
    aud: 'api://my-api',
    expect: 'reject',
    claims: { aud: '00000003-0000-0000-c000-000000000000', oid: 'oid-1' },
  },
  // Firebase: aud = project id, iss = https://securetoken.google.com/<project id>.
  {
    provider: 'Firebase id token',
    key: rs,
    aud: 'my-project',
    iss: 'https://securetoken.google.com/my-project',
    expect: 'accept',
    claims: { aud: 'my-project', iss: 'https://securetoken.google.com/my-project', user_id: 'uid', firebase: { sign_in_provider: 'password' } },
  },
  {
    provider: "Firebase token of someone else's project",
    key: rs,
    aud: 'my-project',
    iss: 'https://securetoken.google.com/my-project',
    expect: 'reject',
    claims: { aud: 'their-project', iss: 'https://securetoken.google.com/their-project' },
  },
  // Google Identity: aud = OAuth client id.
  {
    provider: 'Google id token',
    key: rs,
    aud: '123.apps.googleusercontent.com',
    expect: 'accept',
    claims: { aud: '123.apps.googleusercontent.com', azp: '123.apps.googleusercontent.com', iss: 'https://accounts.google.com', email: 'a@example.com' },
  },
  {
    provider: 'Google id token for another client',
    key: rs,
    aud: '123.apps.googleusercontent.com',
    expect: 'reject',
    claims: { aud: '999.apps.googleusercontent.com', iss: 'https://accounts.google.com' },
  },
  // Keycloak: aud often includes "account"; roles under realm_access.roles.
  {
    provider: 'Keycloak access token, role from realm_access.roles',
    key: rs,
    aud: 'account',
    roleClaimKey: '.realm_access.roles[?(@ ^== "app_")]',
    expect: 'accept',
    role: 'app_admin',
    claims: { aud: ['my-client', 'account'], azp: 'my-client', realm_access: { roles: ['offline_access', 'app_admin'] }, typ: 'Bearer' },
  },
  { provider: 'Keycloak ES256 realm key', key: es, aud: 'my-client', expect: 'accept', claims: { aud: ['my-client', 'account'] } },
  // Stytch: aud = [project id], iss = stytch.com/<project id>.
  {
    provider: 'Stytch session JWT',
    key: rs,
    aud: 'project-test-1',
    iss: 'stytch.com/project-test-1',
    expect: 'accept',
    claims: { aud: ['project-test-1'], iss: 'stytch.com/project-test-1', 'https://stytch.com/session': { id: 'session-1' } },
  },
  {
    provider: 'Stytch live-project token on a test-project config',
    key: rs,
    aud: 'project-test-1',
    expect: 'reject',
    claims: { aud: ['project-live-1'], iss: 'stytch.com/project-live-1' },
  },
  // WorkOS AuthKit access token: no aud; org_id, role.
  {
    provider: 'WorkOS access token',
    key: rs,
    aud: null,
    iss: 'https://api.workos.com',
    expect: 'accept',
    claims: { iss: 'https://api.workos.com', sub: 'user_01H', org_id: 'org_01H', role: 'member', sid: 'session_01H' },
  },
  // SuperTokens access token: no aud by default.
  {
    provider: 'SuperTokens access token',
    key: rs,
    aud: null,
    expect: 'accept',
    claims: { sub: 'st-user', sessionHandle: 'h', antiCsrfToken: null, 'st-role': { v: ['admin'] } },
  },
  // PropelAuth: iss = auth URL, user_id and org_id_to_org_member_info.
  {
    provider: 'PropelAuth access token',
    key: rs,
    aud: null,
    iss: 'https://123.propelauthtest.com',
    expect: 'accept',
    claims: { iss: 'https://123.propelauthtest.com', sub: 'u', user_id: 'u', org_id_to_org_member_info: {} },
  },
  // Stack Auth: ES256, aud = project id.
  {
    provider: 'Stack Auth access token',
    key: es,
    aud: 'proj-uuid',
    iss: 'https://api.stack-auth.com/api/v1/projects/proj-uuid',
    expect: 'accept',
    claims: { aud: 'proj-uuid', iss: 'https://api.stack-auth.com/api/v1/projects/proj-uuid', sub: 'user-uuid', role: 'authenticated' },
  },
  // Descope: iss = project id (or https://api.descope.com/<project id>), roles/tenants.
  {
    provider: 'Descope session token',
    key: rs,
    aud: null,
    iss: 'P2abc',
    expect: 'accept',
    claims: { iss: 'P2abc', sub: 'U2xyz', roles: ['Tenant Admin'], tenants: {} },
  },
  { provider: 'Descope token from another project', key: rs, aud: null, iss: 'P2abc', expect: 'reject', claims: { iss: 'P2other', sub: 'U2xyz' } },
  { provider: 'EdDSA-signing provider', key: ed, aud: null, expect: 'accept', claims: { sub: 'okp-user' } },
];

t.test('provider token shapes', async (t) => {
  for (const c of cases) {
    const authenticator = auth(c.aud, c.iss ?? null, c.roleClaimKey ?? null);
    const token = `Bearer ${await sign(c.key, c.claims)}`;
    if (c.expect === 'accept') {
      const result = await authenticator.authenticate(token);
      t.equal(result.role, c.role ?? 'authenticated', c.provider);
      t.equal(result.anonymous, false);
    } else {
      t.comment(c.provider);
      await rejectsWith(t, authenticator.authenticate(token), { code: 'PGRST303', status: 401 });
    }
  }
});
