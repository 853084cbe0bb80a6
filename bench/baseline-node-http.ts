// The baseline: what a Node developer writes by hand — node:http + jose + postgres.js, sql.begin with awaited statements.
// Usage: node --import tsx bench/baseline-node-http.ts <db-uri> <jwks-url> <port>
import { createServer } from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import postgres from 'postgres';

const [dbUri, jwksUrl, port] = process.argv.slice(2);
// postgres.js takes a Unix socket's directory (`?host=/dir`, from bench --db-socket) as an option, not from the URI.
const dbUrl = new URL(dbUri!);
const socketDir = dbUrl.searchParams.get('host');
dbUrl.searchParams.delete('host');
const sql = postgres(dbUrl.toString(), { max: 10, onnotice: () => {}, ...(socketDir ? { host: socketDir } : {}) });
const jwks = createRemoteJWKSet(new URL(jwksUrl!));

type Tx = postgres.TransactionSql<Record<string, never>>;
const routes: Record<string, (tx: Tx, q: URLSearchParams, body: string) => Promise<unknown>> = {
  'GET /items': (tx, q) =>
    q.has('id')
      ? tx`select * from bench.items where id = ${Number(q.get('id')!.slice(3))}`
      : tx`select * from bench.items where qty >= ${Number(q.get('qty')!.slice(4))} order by id desc limit ${Number(q.get('limit'))}`,
  'GET /projects': (tx, q) => tx`
    select p.id, p.name, coalesce((select json_agg(json_build_object('id', t.id, 'title', t.title, 'comments',
      coalesce((select json_agg(json_build_object('id', c.id, 'body', c.body)) from bench.comments c where c.task_id = t.id), '[]')))
      from bench.tasks t where t.project_id = p.id), '[]') as tasks
    from bench.projects p where p.id = ${Number(q.get('id')!.slice(3))}`,
  'POST /notes': (tx, _q, body) => tx`insert into bench.notes (body) values (${JSON.parse(body).body}) returning *`,
  'GET /rpc/item_name': async (tx, q) => (await tx`select bench.item_name(${Number(q.get('p_id'))}) as item_name`)[0]!.item_name,
  'GET /rpc/slow': async (tx, q) => (await tx`select bench.slow(${Number(q.get('s'))}) as slow`)[0]!.slow,
};

createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', async () => {
    try {
      const url = new URL(req.url!, 'http://x');
      const route = routes[`${req.method} ${url.pathname}`];
      if (!route) return void res.writeHead(404).end();
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      const { payload } = await jwtVerify(token, jwks);
      const result = await sql.begin(async (tx) => {
        await tx`select set_config('request.jwt.claims', ${JSON.stringify(payload)}, true), set_config('role', 'authenticated', true)`;
        return route(tx, url.searchParams, body);
      });
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(result));
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
}).listen(Number(port), '127.0.0.1', () => process.stdout.write(`baseline ready on ${port}\n`));
