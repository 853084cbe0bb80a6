import t from 'tap';
import { validateClaims, type ClaimRules } from '../../src/auth/validate-claims.ts';
import { ApiError } from '../../src/errors/api-error.ts';

const now = 1_750_000_000;
const open: ClaimRules = { audience: null, issuer: null, leewaySeconds: 30 };
const withAud: ClaimRules = { ...open, audience: 'my-api' };
const withIss: ClaimRules = { ...open, issuer: 'https://issuer.example' };

const ok: Array<[string, Record<string, unknown>, ClaimRules]> = [
  ['no time claims at all', {}, open],
  ['exp in the future', { exp: now + 1 }, open],
  ['exp just inside leeway', { exp: now - 30 }, open],
  ['nbf just inside leeway', { nbf: now + 30 }, open],
  ['iat just inside leeway', { iat: now + 30 }, open],
  ['aud string matches', { aud: 'my-api' }, withAud],
  ['aud array contains it', { aud: ['other', 'my-api'] }, withAud],
  ['any aud when none configured', { aud: 'whatever' }, open],
  ['missing aud when none configured', {}, open],
  ['issuer matches', { iss: 'https://issuer.example' }, withIss],
];

const bad: Array<[string, Record<string, unknown>, ClaimRules, string]> = [
  ['exp past leeway', { exp: now - 31 }, open, 'JWT expired'],
  ['nbf beyond leeway', { nbf: now + 31 }, open, 'JWT not yet valid'],
  ['iat in the future beyond leeway', { iat: now + 31 }, open, 'JWT issued at future'],
  ['exp not a number', { exp: '123' }, open, "The JWT 'exp' claim must be a number"],
  ['nbf not a number', { nbf: null }, open, "The JWT 'nbf' claim must be a number"],
  ['iat not a number', { iat: {} }, open, "The JWT 'iat' claim must be a number"],
  ['aud of the wrong type', { aud: 7 }, open, "The JWT 'aud' claim must be a string or an array of strings"],
  ['aud array with a number', { aud: ['a', 1] }, withAud, "The JWT 'aud' claim must be a string or an array of strings"],
  ['wrong aud string', { aud: 'other' }, withAud, 'JWT not in audience'],
  ['wrong aud array', { aud: ['a', 'b'] }, withAud, 'JWT not in audience'],
  ['empty aud array', { aud: [] }, withAud, 'JWT not in audience'],
  ['missing aud when configured (unlike PostgREST)', {}, withAud, 'JWT not in audience'],
  ['null aud when configured', { aud: null }, withAud, 'JWT not in audience'],
  ['wrong issuer', { iss: 'https://evil.example' }, withIss, 'JWT issuer not accepted'],
  ['missing issuer', {}, withIss, 'JWT issuer not accepted'],
  ['exp is checked before aud', { exp: now - 100, aud: 'other' }, withAud, 'JWT expired'],
];

t.test('valid claims pass', async (t) => {
  for (const [name, claims, rules] of ok) t.doesNotThrow(() => validateClaims(claims, rules, now), name);
});

t.test('invalid claims → 401 PGRST303 with the PostgREST message', async (t) => {
  for (const [name, claims, rules, message] of bad) {
    const error = t.throws(() => validateClaims(claims, rules, now), ApiError, name) as unknown as ApiError;
    t.equal(error.code, 'PGRST303', name);
    t.equal(error.status, 401);
    t.equal(error.message, message, name);
    t.equal(error.headers['WWW-Authenticate'], `Bearer error="invalid_token", error_description="${message}"`);
  }
});

t.test('missing aud says why in details', async (t) => {
  const error = t.throws(() => validateClaims({}, withAud, now)) as unknown as ApiError;
  t.match(error.details, /no 'aud' claim/);
});
