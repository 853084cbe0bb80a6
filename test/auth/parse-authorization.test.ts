import t from 'tap';
import { parseAuthorization } from '../../src/auth/parse-authorization.ts';
import { ApiError } from '../../src/errors/api-error.ts';
import { DEFAULTS } from '../../src/config/defaults.ts';

const token = 'aaa.bbb.ccc';

t.test('accepted headers', async (t) => {
  t.same(parseAuthorization(undefined), { kind: 'none' }, 'absent header means anonymous');
  for (const header of [`Bearer ${token}`, `bearer ${token}`, `BEARER ${token}`, `BeArEr   ${token}  `, `  Bearer\t${token}`]) {
    t.same(parseAuthorization(header), { kind: 'bearer', token }, JSON.stringify(header));
  }
});

const rejected: Array<[string, string]> = [
  ['', 'Empty JWT is sent in Authorization header'],
  ['   ', 'Empty JWT is sent in Authorization header'],
  ['Bearer', 'Empty JWT is sent in Authorization header'],
  ['Bearer    ', 'Empty JWT is sent in Authorization header'],
  [`Basic ${token}`, 'Empty JWT is sent in Authorization header'],
  [`Bearer${token}`, 'Empty JWT is sent in Authorization header'],
  ['Bearer abc', 'Expected 3 parts in JWT; got 1'],
  ['Bearer a.b', 'Expected 3 parts in JWT; got 2'],
  ['Bearer a.b.c.d.e', 'Expected 3 parts in JWT; got 5'],
  [`Bearer ${'a'.repeat(DEFAULTS.jwtMaxTokenBytes)}.b.c`, 'JWT is too large'],
];

t.test('rejected headers → 401 PGRST301 with invalid_token', async (t) => {
  for (const [header, message] of rejected) {
    const error = t.throws(() => parseAuthorization(header), ApiError, JSON.stringify(header.slice(0, 40))) as unknown as ApiError;
    t.equal(error.code, 'PGRST301');
    t.equal(error.status, 401);
    t.equal(error.message, message);
    t.equal(error.headers['WWW-Authenticate'], `Bearer error="invalid_token", error_description="${message}"`);
  }
});

t.test('a token exactly at the size limit passes the size check', async (t) => {
  const big = 'a'.repeat(DEFAULTS.jwtMaxTokenBytes - 4) + '.b.c';
  t.equal(parseAuthorization(`Bearer ${big}`).kind, 'bearer');
});
