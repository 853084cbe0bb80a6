// A server worker's request counter and latency histogram, handed to the main thread as prom-client JSON to be summed.
import { Registry } from 'prom-client';
import { RequestMetrics } from './request-metrics.ts';

/** One registry's metrics as prom-client's getMetricsAsJSON gives them (plain data: it crosses threads). */
export type WorkerRequestMetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

export class WorkerRequestMetrics {
  readonly #requests = new RequestMetrics();
  readonly #registry = new Registry();

  constructor() {
    this.#registry.registerMetric(this.#requests.requests as never);
    this.#registry.registerMetric(this.#requests.latency as never);
  }

  recordRequest(method: string, status: number, seconds: number): void {
    this.#requests.record(method, status, seconds);
  }

  json(): Promise<WorkerRequestMetricsJson> {
    return this.#registry.getMetricsAsJSON();
  }
}
