// Dispatches an ApiRequest to the planner for its action.
import type { Config } from '../config/config.ts';
import type { ApiRequest } from '../request/types.ts';
import type { SchemaCache } from '../schema/types.ts';
import { planCallRequest } from './call-plan.ts';
import { planRootSpec } from './root-spec-plan.ts';
import { planRelationInfo, planRootInfo, planRoutineInfo } from './info-plan.ts';
import { planMutateRequest } from './mutate-plan.ts';
import { planReadRequest } from './read-plan.ts';
import type { Plan } from './plan-types.ts';
import { checkTimezone } from './preferences-applied.ts';
import { resolveTargetNames } from './embed-paths.ts';
import { ApiError } from '../errors/api-error.ts';
import { notAcceptable, unsupportedMethod } from '../errors/request-errors.ts';
import { PLAN_MEDIA_TYPE } from '../request/accept.ts';

export function planRequest(given: ApiRequest, cache: SchemaCache, config: Config): Plan {
  const request = resolveTargetNames(checkTimezone(given, cache));
  if (request.accept.plan && !config.dbPlanEnabled) throw notAcceptable([PLAN_MEDIA_TYPE]);
  if (request.accept.type === 'application/geo+json') {
    // PostGIS builds the FeatureCollection; without it the type cannot be produced (never a mislabelled array).
    if (cache.postgisSchema === null) throw notAcceptable(['application/geo+json']);
    return planByAction({ ...request, accept: { ...request.accept, geoJsonSchema: cache.postgisSchema } }, cache, config);
  }
  return planByAction(request, cache, config);
}

function planByAction(request: ApiRequest, cache: SchemaCache, config: Config): Plan {
  const { action, target } = request;
  if (action.kind === 'read' && target.kind === 'relation') return planReadRequest(request, cache, config, target.name);
  if (action.kind === 'call' && target.kind === 'routine') return planCallRequest(request, cache, config, target.name);
  if (action.kind === 'root') {
    if (config.dbRootSpec !== null) return planRootSpec(request, cache, config, config.dbRootSpec, action.headOnly);
    if (config.openapiMode === 'disabled') throw new ApiError('PGRST126');
    const openapi = { proxyUri: config.openapiServerProxyUri, securityActive: config.openapiSecurityActive };
    const followPrivileges = config.openapiMode === 'follow-privileges';
    return { kind: 'root', schema: request.schema, headOnly: action.headOnly, request, openapi, followPrivileges };
  }
  if (target.kind === 'relation' && (action.kind === 'create' || action.kind === 'update' || action.kind === 'upsert' || action.kind === 'delete')) {
    return planMutateRequest(request, cache, config, target.name);
  }
  if (action.kind === 'info' && target.kind === 'relation') return planRelationInfo(request, cache, target.name);
  if (action.kind === 'info' && target.kind === 'routine') return planRoutineInfo(request, cache, target.name);
  if (action.kind === 'info' && target.kind === 'root') return planRootInfo(request);
  throw unsupportedMethod(request.method);
}
