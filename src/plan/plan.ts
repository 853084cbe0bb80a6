// Dispatches an ApiRequest to the planner for its action.
import type { Config } from '../config/config.ts';
import type { ApiRequest } from '../request/types.ts';
import type { SchemaCache } from '../schema/types.ts';
import { planCallRequest } from './call-plan.ts';
import { planRelationInfo, planRootInfo, planRoutineInfo } from './info-plan.ts';
import { planMutateRequest } from './mutate-plan.ts';
import { planReadRequest } from './read-plan.ts';
import type { Plan } from './plan-types.ts';
import { unsupportedMethod } from '../errors/request-errors.ts';

export function planRequest(request: ApiRequest, cache: SchemaCache, config: Config): Plan {
  const { action, target } = request;
  if (action.kind === 'read' && target.kind === 'relation') return planReadRequest(request, cache, config, target.name);
  if (action.kind === 'call' && target.kind === 'routine') return planCallRequest(request, cache, config, target.name);
  if (action.kind === 'root') return { kind: 'root', schema: request.schema, headOnly: action.headOnly, request };
  if (target.kind === 'relation' && (action.kind === 'create' || action.kind === 'update' || action.kind === 'upsert' || action.kind === 'delete')) {
    return planMutateRequest(request, cache, config, target.name);
  }
  if (action.kind === 'info' && target.kind === 'relation') return planRelationInfo(request, cache, target.name);
  if (action.kind === 'info' && target.kind === 'routine') return planRoutineInfo(request, cache, target.name);
  if (action.kind === 'info' && target.kind === 'root') return planRootInfo(request);
  throw unsupportedMethod(request.method);
}
