// Seeded generators for the fuzz campaign: valid requests from a corpus, then mutated URLs, headers and bodies.

/** mulberry32: small, fast, reproducible from one 32-bit seed. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)]!, chance: (p: number) => next() < p };
}

export interface Random {
  next(): number;
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** Valid requests over tables, views and functions of the test fixtures (none that amplify size, e.g. numbers(n)). */
const CORPUS: ReadonlyArray<[string, string, string?]> = [
  ['GET', '/items?select=id,name,data->>color,data->size->w&price=gt.1&order=name.desc&limit=3'],
  ['GET', '/items?select=name,tags&tags=cs.{fruit}&or=(qty.lt.5,and(active.is.true,name.like.*a*))'],
  ['GET', '/items?select=id::text,price::int&data->list->0=eq.1&offset=1'],
  ['GET', '/items?select=count(),active&active=not.is.null'],
  ['GET', '/docs?select=id,title&tsv=fts(english).fox&order=score.desc.nullslast'],
  ['GET', '/docs?select=*&title=plfts.lazy%20cats&during=ov.[4,6)&nums=cd.{1,2,3,4}'],
  ['GET', '/docs?select=id,meta->tags->>0&meta->>k=in.(1,2)&not.or=(score.is.null,score.gt.35)'],
  ['GET', '/cheap_items?select=name,price&price=lte.0.5&order=price'],
  ['GET', '/open_tasks?select=title,priority&priority=gte.2'],
  ['GET', '/whoami?select=role,claims->>role,user_id'],
  ['GET', '/todos?select=task,done&done=is.false'],
  ['GET', '/em_projects?select=name,em_tasks(title,done),owner:em_users(name)&em_tasks.done=is.false'],
  ['GET', '/weird%20names?select=%22my%20col%22,%C4%8Daj&%22quo%22%22te%22=eq.q1'],
  ['GET', '/rpc/greet?name=fuzz'],
  ['GET', '/rpc/add?a=1&b=2'],
  ['GET', '/rpc/get_items?min_price=1&select=name&order=name'],
  ['GET', '/rpc/item_names?q=2'],
  ['POST', '/rpc/get_json', '{"j":{"a":[1,2,{"b":"c"}]}}'],
  ['POST', '/rpc/sum_all', '{"nums":[1,2,3]}'],
  ['POST', '/rpc/echo_text', '"text body"'],
  ['POST', '/kv?columns=k,v&on_conflict=k', '[{"k":"fz","v":1}]'],
  ['POST', '/tasks?select=id,title', '{"title":"fuzzed","priority":3,"tags":["a"]}'],
  ['PATCH', '/kv?k=eq.fz', '{"v":2}'],
  ['DELETE', '/kv?k=like.fz*'],
  ['PUT', '/pairs?a=eq.9&b=eq.z', '{"a":9,"b":"z","v":"put"}'],
  ['HEAD', '/items?select=id'],
  ['OPTIONS', '/items'],
  ['GET', '/'],
];

/** Characters and fragments that end tokens in the grammar or in SQL, or are awkward to encode. */
const NASTY = [
  "'",
  '"',
  '\\',
  "\\'",
  '(',
  ')',
  ',',
  '.',
  ':',
  '::',
  '->',
  '->>',
  '*',
  '!',
  ';',
  '--',
  '/*',
  '$1',
  '%',
  '%00',
  '%ff',
  '%27',
  '%5C',
  '%22',
  ' ',
  '%20',
  '\t',
  '+',
  '&',
  '=',
  '[',
  ']',
  '{',
  '}',
  '\u00e9',
  '\u{1f600}',
  'null',
  'true',
  '-1',
  '1e309',
  '99999999999999999999',
  'NaN',
  'not.',
  'is.',
  'in.(',
  'or=(',
  'select=',
  'order=',
  'limit=-1',
  'offset=999999999999',
];
const HOSTILE_VALUES = ["x'); drop table test.items; --", "\\'||current_user||'", '"}]', '\u0000', '%c0%ae', 'a'.repeat(5000)];

function mutateText(text: string, r: Random): string {
  const at = r.int(text.length + 1);
  switch (r.int(6)) {
    case 0:
      return text.slice(0, at) + r.pick(NASTY) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + r.int(8));
    case 2:
      return text.slice(0, at) + text.slice(at, at + r.int(20)).repeat(2 + r.int(3)) + text.slice(at);
    case 3:
      return text.replace(/\d+/, () => r.pick(['-1', '0', '1e309', '99999999999999999999', '1.5', 'x']));
    case 4:
      return text.replace(/=([a-z]+)\./, () => `=${r.pick(['eq', 'like', 'cs', 'fts', 'isdistinct', 'nope', 'not.eq', 'in'])}.`);
    default:
      return text.slice(0, at) + encodeURIComponent(r.pick(HOSTILE_VALUES)) + text.slice(at);
  }
}

function mutateJson(body: string, r: Random): string {
  switch (r.int(6)) {
    case 0:
      return body.slice(0, r.int(body.length));
    case 1: {
      const depth = 1 + r.int(1200);
      return `{"j":${'['.repeat(depth)}1${']'.repeat(depth)}}`;
    }
    case 2:
      return body.replace(/"[a-z]+":/, () => `${JSON.stringify(r.pick(HOSTILE_VALUES))}:`);
    case 3:
      return body.replace(/\d+|"[^"]*"/, () => r.pick(['1e309', 'null', '[]', '{}', '"\\u0000"', 'true', '-0', JSON.stringify(r.pick(HOSTILE_VALUES))]));
    case 4:
      return `[${body},${body}]`;
    default:
      return mutateText(body, r);
  }
}

const HEADER_MUTATIONS: ReadonlyArray<(r: Random) => [string, string]> = [
  (r) => [
    'prefer',
    r.pick([
      'return=representation',
      'count=exact',
      'count=planned',
      'count=estimated',
      'resolution=merge-duplicates',
      'missing=default',
      'handling=strict, tx=rollback',
      'params=single-object',
      'return=minimal,count=exact',
      'max-affected=1',
      'tx=commit',
      'garbage=' + "'\\",
    ]),
  ],
  (r) => [
    'accept',
    r.pick([
      'text/csv',
      'application/vnd.pgrst.object+json',
      'application/geo+json',
      'application/octet-stream',
      'application/vnd.pgrst.plan+json',
      'text/plain',
      '*/*;q=0',
      'application/json;nulls=stripped',
      "x/'\\",
    ]),
  ],
  (r) => ['range', r.pick(['0-1', '5-2', '-1', 'items=0-9', '999999999999999-', 'x'])],
  (r) => ['content-type', r.pick(['text/csv', 'application/x-www-form-urlencoded', 'text/plain', 'application/json; charset=latin1', "a/'b"])],
  (r) => [r.pick(['accept-profile', 'content-profile']), r.pick(['test', 'test_hidden', 'pg_catalog', "te'st", 'public', '"test"'])],
  (r) => [
    'authorization',
    r.pick(['Bearer valid', 'Bearer valid', 'Bearer', 'Bearer x.y.z', 'Bearer ' + 'a'.repeat(20000), 'Basic Zm9vOmJhcg==', "Bearer e30.e30.'\\"]),
  ],
  (r) => ['x-' + r.int(5), r.pick(HOSTILE_VALUES).replace(/\u0000/g, '')],
];

/** One request: a corpus entry, then 1–3 mutations of its URL, headers or body. */
export function generateRequest(r: Random): FuzzRequest {
  const [method, url, body] = r.pick(CORPUS);
  const request: FuzzRequest = { method, url, headers: {}, ...(body !== undefined ? { body } : {}) };
  if (body !== undefined) request.headers['content-type'] = 'application/json';
  for (let i = 1 + r.int(3); i > 0; i--) {
    const what = r.int(10);
    if (what < 5) request.url = mutateText(request.url, r);
    else if (what < 8) {
      const [name, value] = r.pick(HEADER_MUTATIONS)(r);
      request.headers[name] = value;
    } else if (request.body !== undefined) request.body = mutateJson(request.body, r);
    else request.method = r.pick(['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'HEAD']);
  }
  if (!request.url.startsWith('/')) request.url = '/' + request.url;
  return request;
}
