// Wraps app.handle for the HTTP server: per-request trace → metrics, one log line (slow ones with stage timings), Server-Timing.
import type { RequestObserver } from '../app.ts';
import type { Config } from '../config/config.ts';
import type { RawRequest } from '../request/raw-request.ts';
import type { LogLevel, Logger } from '../log.ts';
import type { HttpResponse } from '../response/http-response.ts';
import type { ApiMetrics } from './metrics.ts';
import { redactQuery } from './redact-query.ts';
import { RequestTrace } from './request-trace.ts';

export interface ObserveOptions {
  /** The live configuration (log-slow-request-ms and server-timing-enabled are reloadable). */
  config: () => Readonly<Config>;
  log: Logger;
  /** null when no admin server serves metrics: nothing is counted. */
  metrics: Pick<ApiMetrics, 'recordRequest'> | null;
}

type Handle = (raw: RawRequest, observer: RequestObserver) => Promise<HttpResponse>;

/** PostgREST's request levels: 5xx at error, 4xx at warn, the rest at info; slow requests at warn at least. */
const levelFor = (status: number, slow: boolean): LogLevel => (status >= 500 ? 'error' : status >= 400 || slow ? 'warn' : 'info');

export function observeRequests(handle: Handle, options: ObserveOptions): (raw: RawRequest) => Promise<HttpResponse> {
  return async (raw) => {
    const trace = new RequestTrace();
    let response = await handle(raw, trace);
    trace.finish();
    const config = options.config();
    const totalMs = trace.totalMs;
    options.metrics?.recordRequest(raw.method, response.status, totalMs / 1000);
    const slow = config.logSlowRequestMs > 0 && totalMs >= config.logSlowRequestMs;
    const level = levelFor(response.status, slow);
    if (options.log.enabled(level)) logRequest(options.log, level, raw, response.status, trace, slow);
    if (config.serverTimingEnabled) response = { ...response, headers: [...response.headers, ['Server-Timing', trace.serverTiming()]] };
    return response;
  };
}

function logRequest(log: Logger, level: LogLevel, raw: RawRequest, status: number, trace: RequestTrace, slow: boolean): void {
  const query = redactQuery(raw.rawQuery);
  const target = query === '' ? raw.path : `${raw.path}?${query}`;
  const role = trace.role ?? '-';
  const ms = Math.round(trace.totalMs * 10) / 10;
  const timings = slow ? ` slow: ${trace.serverTiming()}` : '';
  log.event(level, {
    text: `${raw.method} ${target} ${status} ${ms}ms role=${role}${timings}`,
    fields: { method: raw.method, path: target, status, duration_ms: ms, role, ...(slow ? { slow: true, timings: trace.durations } : {}) },
    // Identical requests with the same outcome count as one line per window (an outage answers them all 503).
    repeatKey: `${raw.method} ${target} ${status} ${role}`,
  });
}
