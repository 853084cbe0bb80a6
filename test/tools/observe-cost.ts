// Measures the per-request JavaScript cost of observation: stage trace, prom-client counters/histogram, the wrapper, Server-Timing.
import { ApiMetrics } from '../../src/admin/metrics.ts';
import { observeRequests } from '../../src/admin/observe-requests.ts';
import { RequestTrace } from '../../src/admin/request-trace.ts';
import { buildConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/log.ts';
import type { HttpResponse } from '../../src/response/http-response.ts';
import { toRawRequest } from '../helpers/test-app.ts';

const metrics = new ApiMetrics({ poolStats: () => undefined, tokenCacheEntries: () => undefined, ready: () => true });
const response: HttpResponse = { status: 200, headers: [['Content-Type', 'application/json']], body: '[]' };
const raw = toRawRequest('GET', '/items?id=eq.3');
const plain = buildConfig({ 'log-slow-request-ms': '0' });
const timing = buildConfig({ 'server-timing-enabled': 'true' });
const handler = async (_raw: unknown, observer: { stageEnded(s: string): void; role: string | null }) => {
  observer.role = 'anonymous';
  observer.stageEnded('jwt');
  observer.stageEnded('parse');
  observer.stageEnded('plan');
  observer.stageEnded('transaction');
  return response;
};
const baseline = async (_raw: unknown) => response;
const wrappers = {
  'no wrapper (baseline)': baseline,
  'wrapper, no metrics': observeRequests(handler as never, { config: () => plain, log: silentLogger, metrics: null }),
  'wrapper + metrics': observeRequests(handler as never, { config: () => plain, log: silentLogger, metrics }),
  'wrapper + metrics + Server-Timing': observeRequests(handler as never, { config: () => timing, log: silentLogger, metrics }),
};

async function measure(name: string, run: () => unknown): Promise<void> {
  for (let i = 0; i < 20_000; i++) await run();
  const n = 200_000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await run();
  console.log(`${(Number(process.hrtime.bigint() - start) / n).toFixed(0).padStart(6)} ns  ${name}`);
}

await measure('RequestTrace: 5 stages + finish', () => {
  const t = new RequestTrace();
  t.stageEnded('jwt');
  t.stageEnded('parse');
  t.stageEnded('plan');
  t.stageEnded('transaction');
  t.finish();
});
await measure('metrics.recordRequest (counter + histogram)', () => metrics.recordRequest('GET', 200, 0.0012));
for (const [name, wrap] of Object.entries(wrappers)) await measure(name, () => wrap(raw));
