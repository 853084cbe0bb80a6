// OPTIONS on a relation, a function or the root: 200 with Allow, no body (PostgREST's respondInfo); CORS is added by http/cors.ts.
import type { RelationInfoPlan } from '../plan/mutate-types.ts';
import type { HttpResponse } from './http-response.ts';

export function respondInfo(plan: RelationInfoPlan): HttpResponse {
  return { status: 200, headers: [['Allow', plan.allow.join(',')]], body: null };
}
