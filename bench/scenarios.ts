// The benchmark scenarios: one request template each; {id}/{pid} become ids owned by the token's user.

export interface Scenario {
  key: string;
  title: string;
  method: 'GET' | 'POST';
  /** Path with query; {id} = an item id, {pid} = a project id, both owned by the request's user. */
  path: string;
  body?: string;
  headers?: Record<string, string>;
  /** Sign a new token for every request (the cold JWT path); the ceiling replays scenario 1. */
  freshTokens?: boolean;
  /** Requests kept running in the background meanwhile (`concurrency` loops); the ceiling replays scenario 1. */
  background?: { path: string; concurrency: number };
}

export const SCENARIOS: Scenario[] = [
  { key: 's1', title: '1 row by PK, RLS, token', method: 'GET', path: '/items?id=eq.{id}' },
  { key: 's2', title: '50 rows, filter + order', method: 'GET', path: '/items?qty=gte.10&order=id.desc&limit=50' },
  { key: 's3', title: 'two-level embedding', method: 'GET', path: '/projects?select=id,name,tasks(id,title,comments(id,body))&id=eq.{pid}' },
  {
    key: 's4',
    title: 'insert, return=representation',
    method: 'POST',
    path: '/notes',
    body: '{"body":"hello"}',
    headers: { 'Content-Type': 'application/json', Prefer: 'return=representation' },
  },
  { key: 's5', title: 'RPC call', method: 'GET', path: '/rpc/item_name?p_id={id}' },
  { key: 's6', title: 'scenario 1, fresh token each request', method: 'GET', path: '/items?id=eq.{id}', freshTokens: true },
  {
    key: 's7',
    title: 'scenario 1 while 2 slow (2 s) calls run',
    method: 'GET',
    path: '/items?id=eq.{id}',
    background: { path: '/rpc/slow?s=2', concurrency: 2 },
  },
];

/** User u (0..99) owns item ids k*100+u and project ids k*100+u. */
export function fillTemplate(text: string, user: number, random: () => number = Math.random): string {
  return text
    .replaceAll('{id}', String((1 + Math.floor(random() * 999)) * 100 + user))
    .replaceAll('{pid}', String((1 + Math.floor(random() * 9)) * 100 + user));
}
