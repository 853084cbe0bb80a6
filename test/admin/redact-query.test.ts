// Request log lines: query values a client sent are never logged; names and operators are.
import t from 'tap';
import { redactQuery } from '../../src/admin/redact-query.ts';
import { RequestTrace } from '../../src/admin/request-trace.ts';

t.test('filter and RPC values become ***, grammar that names columns stays', async (t) => {
  const cases: Array<[string, string]> = [
    ['', ''],
    ['select=id,name&id=eq.5', 'select=id,name&id=eq.***'],
    ['email=eq.ada@example.com&order=id.desc&limit=10&offset=20', 'email=eq.***&order=id.desc&limit=10&offset=20'],
    ['password=hunter2&user=ada', 'password=***&user=***'],
    ['token=not.eq.abc&tags=cs.{a,b}&name=in.(a,b)', 'token=not.eq.***&tags=cs.***&name=in.***'],
    ['or=(email.eq.a@b.c,id.gt.1)&not.and=(a.eq.1)', 'or=***&not.and=***'],
    ['body=fts(english).secret%20words&x=like(any).*a*', 'body=fts(english).***&x=like(any).***'],
    ['tasks.order=title&tasks.limit=2&tasks.done=is.true', 'tasks.order=title&tasks.limit=2&tasks.done=is.***'],
    ['columns=a,b&on_conflict=id', 'columns=a,b&on_conflict=id'],
    ['flag', 'flag'],
  ];
  for (const [input, expected] of cases) t.equal(redactQuery(input), expected, input);
});

t.test('Server-Timing lists the stages that ran, in order, in milliseconds', async (t) => {
  const trace = new RequestTrace();
  trace.stageEnded('jwt');
  trace.stageEnded('parse');
  trace.stageEnded('plan');
  await new Promise((r) => setTimeout(r, 20));
  trace.stageEnded('transaction');
  trace.finish();
  t.match(trace.serverTiming(), /^jwt;dur=\d+\.\d, parse;dur=\d+\.\d, plan;dur=\d+\.\d, transaction;dur=\d+\.\d, response;dur=\d+\.\d$/);
  t.ok(trace.durations.transaction! >= 15, 'the 20 ms wait is in the transaction stage');
  t.ok(trace.totalMs >= trace.durations.transaction!);
  const failed = new RequestTrace();
  failed.finish();
  t.match(failed.serverTiming(), /^response;dur=/, 'a request rejected before auth finished has only the response stage');
});
