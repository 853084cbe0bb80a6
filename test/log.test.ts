// The logger: PostgREST's levels, JSON lines, and identical warnings rate-limited (the outage log flood).
import t from 'tap';
import { createLogger } from '../src/log.ts';

const capture = (options: Partial<Parameters<typeof createLogger>[0] & object> = {}) => {
  const lines: string[] = [];
  let clock = 1_700_000_000_000;
  const log = createLogger({ level: 'warn', write: (l) => lines.push(l), now: () => clock, ...options });
  return {
    log,
    lines,
    advance: (ms: number) => {
      clock += ms;
    },
  };
};

t.test('levels: crit < error < warn < info < debug; notice always', async (t) => {
  const { log, lines } = capture({ level: 'error' });
  log.notice('ready');
  log.crit('c');
  log.error('e');
  log.warn('w');
  log.info('i');
  log.debug('d');
  t.same(
    lines.map((l) => l.split(/\s+/)[2]),
    ['ready', 'c', 'e'],
  );
  t.equal(log.enabled('warn'), false);
  log.configure({ level: 'debug' });
  log.debug('now visible');
  t.match(lines.at(-1), /DEBUG\s+now visible$/);
});

t.test('JSON format: one object per line with time, level, msg and fields', async (t) => {
  const { log, lines } = capture({ format: 'json' });
  log.warn('database unavailable', { error: 'connection refused' });
  log.event('warn', { text: 'GET /x 404', fields: { method: 'GET', status: 404 }, repeatKey: 'GET /x 404' });
  const [first, second] = lines.map((l) => JSON.parse(l));
  t.match(first, { level: 'warn', msg: 'database unavailable', error: 'connection refused' });
  t.match(first.time, /^\d{4}-\d\d-\d\dT/);
  t.match(second, { level: 'warn', msg: 'request', method: 'GET', status: 404 });
});

t.test('identical warnings within 10 s are counted, not written; the next line says how many', async (t) => {
  const { log, lines, advance } = capture();
  for (let i = 0; i < 5000; i++) {
    log.warn('database unavailable', { error: 'ECONNREFUSED' });
    advance(2); // 5,000 in 10 s: an outage under load
  }
  t.equal(lines.length, 1, 'one line for 5,000 identical warnings within the window');
  advance(1);
  log.warn('database unavailable', { error: 'ECONNREFUSED' });
  t.equal(lines.length, 2);
  t.match(lines[1], /4999 identical lines suppressed in the last 10s/);
  log.warn('database unavailable', { error: 'a different reason' });
  log.error('database unavailable', { error: 'ECONNREFUSED' });
  t.equal(lines.length, 4, 'different fields or level are different lines');
  log.configure({ level: 'info' });
  log.info('i');
  log.info('i');
  t.equal(lines.length, 6, 'info lines are never held back');
});

t.test('request events rate-limit on their repeat key, not on their duration', async (t) => {
  const { log, lines } = capture();
  log.event('error', { text: 'GET /a 503 1.2ms', fields: {}, repeatKey: 'GET /a 503' });
  log.event('error', { text: 'GET /a 503 3.4ms', fields: {}, repeatKey: 'GET /a 503' });
  log.event('error', { text: 'GET /b 503 1.0ms', fields: {}, repeatKey: 'GET /b 503' });
  t.same(
    lines.map((l) => l.replace(/^\S+ /, '')),
    ['ERROR  GET /a 503 1.2ms', 'ERROR  GET /b 503 1.0ms'],
  );
});
