// Accept-Profile / Content-Profile → the schema of the request (PGRST106 when not exposed).
import { invalidSchema } from '../errors/request-errors.ts';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * GET/HEAD/OPTIONS name the schema with Accept-Profile, writes with Content-Profile. Without
 * the header the first configured schema is used; with several exposed, PostgREST counts that as
 * negotiated too (and echoes Content-Profile).
 */
export function resolveProfile(method: string, headers: Record<string, string>, schemas: string[]): { schema: string; fromProfile: boolean } {
  const header = READ_METHODS.has(method) ? headers['accept-profile'] : headers['content-profile'];
  if (header === undefined) return { schema: schemas[0] ?? 'public', fromProfile: schemas.length > 1 };
  const wanted = header.trim();
  if (!schemas.includes(wanted)) {
    throw invalidSchema(wanted, schemas);
  }
  return { schema: wanted, fromProfile: true };
}
