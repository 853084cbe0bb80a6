// RequestTrace: one request's stage timings (jwt, parse, plan, transaction, response) and role, for logs, metrics and Server-Timing.
import { performance } from 'node:perf_hooks';
import type { PipelineStage, RequestObserver } from '../app.ts';

export type TracedStage = PipelineStage | 'response';
const STAGES: readonly TracedStage[] = ['jwt', 'parse', 'plan', 'transaction', 'response'];

export class RequestTrace implements RequestObserver {
  role: string | null = null;
  readonly startedAt = performance.now();
  /** Milliseconds per stage that ran; a stage that did not run (e.g. after a 401) is absent. */
  readonly durations: Partial<Record<TracedStage, number>> = {};
  #lastMark = this.startedAt;
  #endedAt = 0;

  stageEnded(stage: TracedStage): void {
    const now = performance.now();
    this.durations[stage] = now - this.#lastMark;
    this.#lastMark = now;
  }

  /** Ends the `response` stage (everything after the last stage) and the request. */
  finish(): void {
    this.stageEnded('response');
    this.#endedAt = this.#lastMark;
  }

  get totalMs(): number {
    return (this.#endedAt || performance.now()) - this.startedAt;
  }

  /** `jwt;dur=0.1, parse;dur=0.0, …` as PostgREST writes it (milliseconds, one decimal). */
  serverTiming(): string {
    return STAGES.filter((s) => this.durations[s] !== undefined)
      .map((s) => `${s};dur=${this.durations[s]!.toFixed(1)}`)
      .join(', ');
  }
}
