// GET/HEAD / : the OpenAPI document for the request's schema, from the schema cache (filtered by the role's privileges under follow-privileges).
import type { RootPlan } from '../plan/plan-types.ts';
import type { SchemaCache } from '../schema/types.ts';
import { VERSION } from '../version.ts';
import type { HttpResponse } from './http-response.ts';
import { buildOpenApi, type VisibleNames } from './openapi.ts';

/** `visible` null: list everything (ignore-privileges, or HEAD which has no body). */
export function respondRoot(plan: RootPlan, cache: SchemaCache, visible: VisibleNames | null): HttpResponse {
  const headers: Array<[string, string]> = [['Content-Type', 'application/openapi+json; charset=utf-8']];
  return { status: 200, headers, body: plan.headOnly ? null : JSON.stringify(buildOpenApi(cache, plan.schema, VERSION, plan.openapi, visible)) };
}
