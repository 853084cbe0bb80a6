import t from 'tap';
import { JsPathError, parseJsPath, roleFromClaims, walkJsPath } from '../../src/auth/role-claim.ts';

const claims = {
  role: 'author',
  'https://example.com/claims': { role: 'editor' },
  postgrest: { roles: ['other', 'author'] },
  realm_access: { roles: ['offline_access', 'app_admin', 'uma_authorization'] },
  wlcg: ['/groupa', '/groupb/'],
  '$weird_key@': 'x',
  nested: { list: [{ name: 'deep' }] },
  number: 42,
  empty: '',
};

const cases: Array<[string, unknown]> = [
  ['.role', 'author'],
  ['."https://example.com/claims".role', 'editor'],
  ['.postgrest.roles[1]', 'author'],
  ['.postgrest.roles[0]', 'other'],
  ['.postgrest.roles[5]', undefined],
  ['.postgrest.roles[?(@ == "author")]', 'author'],
  ['.postgrest.roles[?(@ != "other")]', 'author'],
  ['.postgrest.roles[?(@ ^== "aut")]', 'author'],
  ['.postgrest.roles[?(@ ==^ "hor")]', 'author'],
  ['.postgrest.roles[?(@ *== "utho")]', 'author'],
  ['.postgrest.roles[?(@=="author")]', 'author'],
  ['.postgrest.roles[?(@ == "nobody")]', undefined],
  ['.realm_access.roles[?(@ ^== "app_")][4:]', 'admin'],
  ['.wlcg[0][1:]', 'groupa'],
  ['.wlcg[1][1:-1]', 'groupb'],
  ['.wlcg[1][:]', '/groupb/'],
  ['.wlcg[1][:-1]', '/groupb'],
  ['.wlcg[1][-3:]', 'pb/'],
  ['.wlcg[1][11:2]', ''],
  ['.$weird_key@', 'x'],
  ['.nested.list[0].name', 'deep'],
  ['.missing.role', undefined],
  ['.role.deeper', undefined],
  ['.role[0]', undefined],
  ['.postgrest[0]', undefined],
  ['.number', 42],
];

t.test('walks PostgREST JSPath expressions', async (t) => {
  for (const [path, expected] of cases) t.same(walkJsPath(claims, parseJsPath(path)), expected, path);
});

t.test('roleFromClaims keeps only non-empty strings', async (t) => {
  t.equal(roleFromClaims(claims, parseJsPath('.role')), 'author');
  t.equal(roleFromClaims(claims, parseJsPath('.number')), null);
  t.equal(roleFromClaims(claims, parseJsPath('.empty')), null);
  t.equal(roleFromClaims(claims, parseJsPath('.postgrest')), null);
  t.equal(roleFromClaims(claims, parseJsPath('.absent')), null);
});

t.test('rejects malformed paths with a position', async (t) => {
  for (const bad of [
    '',
    'role',
    '.',
    '..role',
    '.role.',
    '.a-b',
    '."unterminated',
    '.roles[',
    '.roles[x]',
    '.roles[-1]',
    '.roles[?(@ = "x")]',
    '.roles[?(x == "a")]',
    '.roles[?(@ == a)]',
    '.roles[1:2:3]',
  ]) {
    t.throws(() => parseJsPath(bad), JsPathError, JSON.stringify(bad));
  }
});
