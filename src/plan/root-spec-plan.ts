// db-root-spec: GET / is answered by a function, planned exactly like GET /rpc/<name> (PostgREST).
import type { Config } from '../config/config.ts';
import { functionNameProblem, splitFunctionName } from '../config/function-name.ts';
import type { ApiRequest } from '../request/types.ts';
import type { SchemaCache } from '../schema/types.ts';
import { planCallRequest } from './call-plan.ts';
import type { CallRequestPlan } from './call-types.ts';

/**
 * `fn` runs in the request's schema, `schema.fn` in that (exposed) schema. Query parameters are the
 * function's arguments and filters, as for any GET call; the result is JSON (a root negotiated as
 * application/openapi+json is produced as JSON, the function decides the document).
 */
export function planRootSpec(request: ApiRequest, cache: SchemaCache, config: Config, spec: string, headOnly: boolean): CallRequestPlan {
  const parts = splitFunctionName(spec);
  // settings.ts validated the name at startup; a bad one can only come from a hand-built Config.
  if (parts === null) throw new Error(functionNameProblem(spec));
  const accept = request.accept.type === 'application/openapi+json' ? { ...request.accept, type: 'application/json' as const } : request.accept;
  const call: ApiRequest = {
    ...request,
    schema: parts.schema ?? request.schema,
    target: { kind: 'routine', name: parts.name },
    action: { kind: 'call', method: headOnly ? 'HEAD' : 'GET' },
    accept,
  };
  return planCallRequest(call, cache, config, parts.name);
}
