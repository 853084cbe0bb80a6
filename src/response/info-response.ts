// OPTIONS on a relation: 200 with Allow, no body (PostgREST's respondInfo).
import type { RelationInfoPlan } from '../plan/mutate-types.ts';
import type { HttpResponse } from './http-response.ts';

export function respondInfo(plan: RelationInfoPlan): HttpResponse {
  return { status: 200, headers: [['Allow', plan.allow.join(',')], ['Access-Control-Allow-Origin', '*']], body: null };
}
