// The one finishing step every response passes: Preference-Applied, Content-Profile, Vary, then GUC overrides.
import type { ApiRequest } from '../request/types.ts';
import type { DbResult } from './db-result.ts';
import type { HttpResponse } from './http-response.ts';
import { VERSION } from '../version.ts';

export interface FinishContext {
  /** Preference-Applied tokens the plan decided on. */
  applied: readonly string[];
  request: Pick<ApiRequest, 'schema' | 'schemaFromProfile' | 'aliasedTargetNames'>;
}

/** The request headers a successful response depends on (PostgREST sends it unless SQL set its own Vary). */
const VARY = 'Accept, Prefer, Range';

/** RFC 7234 warn-code 299 (miscellaneous persistent warning), worded as PostgREST words it. */
const deprecatedTargetName = (relation: string, alias: string): string =>
  `299 pg-data-api/${VERSION} "Embedded resource was referenced by relation name even though it has an alias. This is deprecated and will stop working in a future release. Update \`${relation}\` to \`${alias}\` in query string filters, orders or limits."`;

const hasHeader = (headers: ReadonlyArray<[string, string]>, name: string): boolean => headers.some(([n]) => n.toLowerCase() === name);

/**
 * PostgREST's overrideStatusHeaders: response.status replaces the status; every response.headers entry
 * is sent (repeats kept), and a header the server set is dropped when SQL set one of the same name.
 * Content-Profile accompanies a Content-Type, as in PostgREST's contentTypeHeaders. Errors do not
 * pass here: they carry Proxy-Status instead (error-response.ts).
 */
export function finish(context: FinishContext, draft: HttpResponse, result: Pick<DbResult, 'gucStatus' | 'gucHeaders'> | null): HttpResponse {
  const headers = [...draft.headers];
  if (context.applied.length > 0) headers.push(['Preference-Applied', context.applied.join(', ')]);
  if (context.request.schemaFromProfile && hasHeader(headers, 'content-type')) headers.push(['Content-Profile', context.request.schema]);
  for (const [relation, alias] of context.request.aliasedTargetNames ?? []) headers.push(['Warning', deprecatedTargetName(relation, alias)]);
  if (result === null) return { ...draft, headers: [...headers, ['Vary', VARY]] };
  const overridden = new Set(result.gucHeaders.map(([name]) => name.toLowerCase()));
  const finished = [...headers.filter(([name]) => !overridden.has(name.toLowerCase())), ...result.gucHeaders];
  if (!overridden.has('vary')) finished.push(['Vary', VARY]);
  return { status: result.gucStatus ?? draft.status, headers: finished, body: draft.body };
}
