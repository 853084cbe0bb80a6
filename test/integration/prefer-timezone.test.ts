// Prefer: timezone= sets the transaction's TimeZone (a bind value checked against pg_timezone_names) and is echoed.
import t from 'tap';
import { startTestApp } from '../helpers/test-app.ts';

const app = await startTestApp();
t.teardown(() => app.close());
await app.sql(`create function test.current_tz() returns text language sql stable as $$ select current_setting('timezone') $$;
  grant execute on function test.current_tz() to public`);
await app.schema.reload();

t.test('a known zone is applied for the request and echoed', async (t) => {
  const call = await app.request('GET', '/rpc/current_tz', { headers: { prefer: 'timezone=America/Los_Angeles' } });
  t.equal(call.status, 200, call.body);
  t.equal(call.json(), 'America/Los_Angeles');
  t.equal(call.headers['preference-applied'], 'timezone=America/Los_Angeles');
  const read = await app.request('GET', '/tasks?select=created_at&id=eq.1', { headers: { prefer: 'timezone=Asia/Kolkata' } });
  t.match(read.json()[0].created_at, /\+05:30$/, 'timestamptz rendered in the zone');
  t.equal(read.headers['preference-applied'], 'timezone=Asia/Kolkata');
  const write = await app.request('POST', '/tasks?select=created_at', {
    headers: { prefer: 'return=representation, timezone=Asia/Kolkata' },
    body: { title: 'tz' },
  });
  t.match(write.json()[0].created_at, /\+05:30$/);
  t.equal(write.headers['preference-applied'], 'return=representation, timezone=Asia/Kolkata');
  const after = await app.request('GET', '/rpc/current_tz');
  t.not(after.json(), 'America/Los_Angeles', 'SET LOCAL: the next request is back to the default');
});

t.test('an unknown zone is ignored, or PGRST122 under handling=strict', async (t) => {
  const lenient = await app.request('GET', '/rpc/current_tz', { headers: { prefer: 'timezone=Mars/Olympus' } });
  t.equal(lenient.status, 200);
  t.equal(lenient.headers['preference-applied'], undefined);
  const strict = await app.request('GET', '/rpc/current_tz', { headers: { prefer: 'handling=strict, timezone=Mars/Olympus' } });
  t.equal(strict.status, 400);
  t.same(strict.json(), {
    code: 'PGRST122',
    message: 'Invalid preferences given with handling=strict',
    details: 'Invalid preferences: timezone=Mars/Olympus',
    hint: null,
  });
  const injected = await app.request('GET', '/rpc/current_tz', { headers: { prefer: "timezone=UTC'; select 1; --" } });
  t.equal(injected.status, 200, 'never reaches SQL text');
});
