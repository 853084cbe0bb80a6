// Shutdown steps run in reverse order, once, and a failing or hanging step neither stops the others nor the exit.
import t from 'tap';
import { createLogger } from '../src/log.ts';
import { Lifecycle } from '../src/setup/lifecycle.ts';

t.test('reverse order, failures and hangs logged, every step run once', async (t) => {
  const lines: string[] = [];
  const lifecycle = new Lifecycle(createLogger({ level: 'error', write: (l) => lines.push(l) }), 200);
  const ran: string[] = [];
  lifecycle.onShutdown('pool', () => {
    ran.push('pool');
  });
  lifecycle.onShutdown(
    'listener',
    () =>
      new Promise<void>(() => {
        ran.push('listener');
      }),
  );
  lifecycle.onShutdown('server', async () => {
    ran.push('server');
    throw new Error('boom');
  });
  const started = Date.now();
  await Promise.all([lifecycle.shutdown(), lifecycle.shutdown()]);
  t.same(ran, ['server', 'listener', 'pool']);
  t.ok(Date.now() - started < 2000, 'the hanging step was given up on');
  t.match(lines.join('\n'), /server failed: boom/);
  t.match(lines.join('\n'), /listener did not finish within 0\.2s/);
  t.equal(lifecycle.stopping, true);
});
