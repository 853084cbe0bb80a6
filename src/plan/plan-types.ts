// Plan: the union of what the planner produces, one member per kind of request.
import type { ApiRequest } from '../request/types.ts';
import type { CallRequestPlan } from './call-types.ts';
import type { MutatePlan, RelationInfoPlan } from './mutate-types.ts';
import type { ReadRequestPlan } from './types.ts';

/**
 * `GET /`: the OpenAPI description of the request's schema, built from the cache; under
 * openapi-mode=follow-privileges one read-only statement first asks what the request's role may use.
 */
export interface RootPlan {
  kind: 'root';
  schema: string;
  headOnly: boolean;
  request: ApiRequest;
  /** openapi-server-proxy-uri and openapi-security-active, for the document. */
  openapi: { proxyUri: string | null; securityActive: boolean };
  /** openapi-mode=follow-privileges: list only what the role has privileges on (needs the database). */
  followPrivileges: boolean;
}

export type Plan = ReadRequestPlan | CallRequestPlan | MutatePlan | RootPlan | RelationInfoPlan;

/** Plans answered by a main statement's rows (the root document runs SQL only to filter itself; OPTIONS none). */
export type DatabasePlan = Exclude<Plan, RootPlan | RelationInfoPlan>;
