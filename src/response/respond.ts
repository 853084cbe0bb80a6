// The response stage: a handler per plan kind drafts {status, headers, body}; finish() completes every one.
import type { DatabasePlan, RootPlan } from '../plan/plan-types.ts';
import type { SchemaCache } from '../schema/types.ts';
import { respondCall } from './call-response.ts';
import type { DbResult } from './db-result.ts';
import { PLAN_MEDIA_TYPE } from '../request/accept.ts';
import { finish } from './finish.ts';
import type { HttpResponse } from './http-response.ts';
import { respondRead } from './read-response.ts';
import { respondRoot } from './respond-root.ts';
import type { VisibleNames } from './openapi.ts';
import { respondWrite } from './write-response.ts';

/** The HTTP response for a plan's decoded result. */
export function respond(plan: DatabasePlan, result: DbResult): HttpResponse {
  if (plan.request.accept.plan) return finish(plan, respondPlan(plan, result), null);
  return finish(plan, draft(plan, result), result);
}

/** The EXPLAIN output, labelled with the media type it plans for (PostgREST's plan media type). */
function respondPlan(plan: DatabasePlan, result: DbResult): HttpResponse {
  const contentType = `${PLAN_MEDIA_TYPE}; for="${plan.request.accept.type}"; charset=utf-8`;
  return { status: 200, headers: [['Content-Type', contentType]], body: plan.kind === 'read' && plan.headOnly ? null : (result.queryPlan ?? '[]') };
}

function draft(plan: DatabasePlan, result: DbResult): HttpResponse {
  switch (plan.kind) {
    case 'read':
      return respondRead(plan, result);
    case 'call':
      return respondCall(plan, result);
    case 'mutate':
      return respondWrite(plan, result);
  }
}

/** `GET /`: answered from the cache alone, finished like every other response. */
export function respondWithRoot(plan: RootPlan, cache: SchemaCache, visible: VisibleNames | null): HttpResponse {
  return finish({ applied: [], request: plan.request }, respondRoot(plan, cache, visible), null);
}
