// Plan: the union of what the planner produces, one member per kind of request.
import type { ApiRequest } from '../request/types.ts';
import type { CallRequestPlan } from './call-types.ts';
import type { MutatePlan, RelationInfoPlan } from './mutate-types.ts';
import type { ReadRequestPlan } from './types.ts';

/** `GET /`: the OpenAPI description of the request's schema, answered from the cache alone. */
export interface RootPlan {
  kind: 'root';
  schema: string;
  headOnly: boolean;
  request: ApiRequest;
  /** openapi-server-proxy-uri and openapi-security-active, for the document. */
  openapi: { proxyUri: string | null; securityActive: boolean };
}

export type Plan = ReadRequestPlan | CallRequestPlan | MutatePlan | RootPlan | RelationInfoPlan;

/** Plans answered by running SQL (everything but the cache-only root document and OPTIONS). */
export type DatabasePlan = Exclude<Plan, RootPlan | RelationInfoPlan>;
