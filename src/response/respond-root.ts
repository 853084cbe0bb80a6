// GET/HEAD / : the OpenAPI document for the request's schema, from the schema cache (no database round trip).
import type { RootPlan } from '../plan/plan-types.ts';
import type { SchemaCache } from '../schema/types.ts';
import { VERSION } from '../version.ts';
import type { HttpResponse } from './http-response.ts';
import { buildOpenApi } from './openapi.ts';

export function respondRoot(plan: RootPlan, cache: SchemaCache): HttpResponse {
  const headers: Array<[string, string]> = [['Content-Type', 'application/openapi+json; charset=utf-8']];
  return { status: 200, headers, body: plan.headOnly ? null : JSON.stringify(buildOpenApi(cache, plan.schema, VERSION, plan.openapi)) };
}
