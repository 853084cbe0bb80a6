// The one finishing step every response passes: Preference-Applied, Content-Profile, then GUC overrides.
import type { ApiRequest } from '../request/types.ts';
import type { DbResult } from './db-result.ts';
import type { HttpResponse } from './http-response.ts';

export interface FinishContext {
  /** Preference-Applied tokens the plan decided on. */
  applied: readonly string[];
  request: Pick<ApiRequest, 'schema' | 'schemaFromProfile'>;
}

const hasHeader = (headers: ReadonlyArray<[string, string]>, name: string): boolean =>
  headers.some(([n]) => n.toLowerCase() === name);

/**
 * PostgREST's overrideStatusHeaders: response.status replaces the status; every response.headers entry
 * is sent (repeats kept), and a header the server set is dropped when SQL set one of the same name.
 * Content-Profile accompanies a Content-Type, as in PostgREST's contentTypeHeaders.
 */
export function finish(context: FinishContext, draft: HttpResponse, result: Pick<DbResult, 'gucStatus' | 'gucHeaders'> | null): HttpResponse {
  const headers = [...draft.headers];
  if (context.applied.length > 0) headers.push(['Preference-Applied', context.applied.join(', ')]);
  if (context.request.schemaFromProfile && hasHeader(headers, 'content-type')) headers.push(['Content-Profile', context.request.schema]);
  if (result === null) return { ...draft, headers };
  const overridden = new Set(result.gucHeaders.map(([name]) => name.toLowerCase()));
  return {
    status: result.gucStatus ?? draft.status,
    headers: [...headers.filter(([name]) => !overridden.has(name.toLowerCase())), ...result.gucHeaders],
    body: draft.body,
  };
}
