// What happens to every request before the pipeline: CORS preflights, the /rest/v1 path prefix, and `apikey` as the bearer.
import type { Config } from '../config/config.ts';
import type { Handler } from './handler.ts';
import type { RawRequest } from './raw-request.ts';
import { isPreflight, preflightResponse, withCorsHeaders } from './cors.ts';

type FrontDoorConfig = Pick<Config, 'serverCorsAllowedOrigins' | 'serverPathPrefix'>;

/** `config` is read per request, so a config reload (SIGUSR2) changes CORS at once. */
export function frontDoor(handler: Handler, config: () => FrontDoorConfig): Handler {
  return async (raw) => {
    const current = config();
    if (isPreflight(raw)) return preflightResponse(raw, current.serverCorsAllowedOrigins);
    const response = await handler(adaptRequest(raw, current.serverPathPrefix));
    return raw.headers['origin'] === undefined ? response : withCorsHeaders(raw, response, current.serverCorsAllowedOrigins);
  };
}

/** A three-part base64url token: what Supabase's legacy anon/service_role keys and user tokens look like. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function adaptRequest(raw: RawRequest, prefix: string): RawRequest {
  let path = raw.path;
  // Supabase's and Neon's clients call <url>/rest/v1/<table>: the same API answers there as at /.
  if (prefix !== '' && (path === prefix || path.startsWith(`${prefix}/`))) path = path.slice(prefix.length) || '/';
  const apikey = raw.headers['apikey'];
  // Supabase clients send `apikey: <key>`, usually with `Authorization: Bearer …`; alone, a JWT key is the bearer token.
  const useApikey = raw.headers['authorization'] === undefined && apikey !== undefined && JWT_SHAPE.test(apikey.trim());
  if (path === raw.path && !useApikey) return raw;
  return { ...raw, path, headers: useApikey ? { ...raw.headers, authorization: `Bearer ${apikey!.trim()}` } : raw.headers };
}
