// response.status/response.headers set by SQL override the server's status and headers the same way for every kind of request.
import t from 'tap';
import { handle } from '../../src/app.ts';
import { startTestApp, toRawRequest } from '../helpers/test-app.ts';

// The pre-request function sets the response GUCs the request asks for in X-Set, so one function
// reaches reads, writes and calls alike.
const app = await startTestApp({ 'db-pre-request': 'test.set_response_gucs' });
t.teardown(() => app.close());
await app.sql(`
  create function test.set_response_gucs() returns void language plpgsql stable as $$
  declare wanted text := current_setting('request.headers', true)::json ->> 'x-set';
  begin
    if wanted = 'cookies' then
      perform set_config('response.headers', '[{"Set-Cookie": "a=1"}, {"Set-Cookie": "b=2"}]', true);
    elsif wanted = 'content-type' then
      perform set_config('response.headers', '[{"Content-Type": "text/html"}]', true);
    elsif wanted = 'status' then
      perform set_config('response.status', '418', true);
    end if;
  end $$`);

/** The raw header pairs of one request (repeats not merged). */
async function rawHeaders(method: string, url: string, set: string, extra: Record<string, string> = {}, body?: object) {
  const response = await handle(toRawRequest(method, url, { headers: { 'x-set': set, ...extra }, body }), app.deps);
  const named = (name: string) => response.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
  return { status: response.status, named, body: response.body?.toString() ?? '' };
}

t.test('two Set-Cookie headers from response.headers both reach the client, on every method', async (t) => {
  const patch = await rawHeaders('PATCH', '/tasks?id=eq.1', 'cookies', {}, { priority: 6 });
  t.equal(patch.status, 204, patch.body);
  t.same(patch.named('set-cookie'), ['a=1', 'b=2'], 'PATCH keeps both cookies');
  for (const [method, url, body] of [
    ['GET', '/tasks'],
    ['POST', '/tasks', { title: 'cookie' }],
    ['DELETE', '/tasks?title=eq.cookie'],
    ['GET', '/rpc/add?a=1&b=2'],
    ['POST', '/rpc/nothing'],
  ] as const) {
    const res = await rawHeaders(method, url, 'cookies', {}, body);
    t.same(res.named('set-cookie'), ['a=1', 'b=2'], `${method} ${url}`);
  }
});

t.test('a Content-Type set by SQL replaces the negotiated one: sent once', async (t) => {
  const read = await rawHeaders('GET', '/tasks?select=id&order=id&limit=1', 'content-type');
  t.equal(read.status, 200);
  t.same(read.named('content-type'), ['text/html'], 'read');
  t.equal(read.body, '[{"id":1}]', 'the body is untouched');
  const write = await rawHeaders('POST', '/tasks', 'content-type', { prefer: 'return=representation' }, { title: 'typed' });
  t.same(write.named('content-type'), ['text/html'], 'write with representation');
  const call = await rawHeaders('GET', '/rpc/greet', 'content-type');
  t.same(call.named('content-type'), ['text/html'], 'call');
});

t.test('response.status replaces the status; the other headers stay', async (t) => {
  const read = await rawHeaders('GET', '/tasks?select=id', 'status', { prefer: 'count=exact' });
  t.equal(read.status, 418);
  const rows = Number((await app.sql('select count(*) as n from test.tasks'))[0]!.n);
  t.same(read.named('content-range'), [`0-${rows - 1}/${rows}`], 'Content-Range kept');
  t.same(read.named('preference-applied'), ['count=exact']);
  const write = await rawHeaders('PATCH', '/tasks?id=eq.2', 'status', {}, { priority: 3 });
  t.equal(write.status, 418);
  t.equal((await app.sql('select priority from test.tasks where id = 2'))[0]!.priority, 3, 'the write committed');
});
