// The request body by Content-Type (JSON, CSV, form, raw) → Payload (PGRST102 when unusable).
import type { MediaType, Payload } from './types.ts';
import { ApiError } from '../errors/api-error.ts';
import { decodeComponent } from './query-params.ts';
import { parseCsv } from './csv.ts';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../json-depth.ts';

function invalidBody(message: string): ApiError {
  return new ApiError('PGRST102', { message });
}

/** `application/json; charset=utf-8` → `application/json`; absent means JSON. */
export function contentMediaType(header: string | undefined): string {
  return (header ?? 'application/json').split(';')[0]!.trim().toLowerCase() || 'application/json';
}

export interface PayloadOptions {
  /** True for POST /rpc/f: an empty body is `{}` and text/bytes bodies are kept raw. */
  isCall: boolean;
  /** `columns=`: the keys are given, so objects need not share their keys. */
  columns: string[] | null;
}

/**
 * Decodes the body. PostgREST differences: a JSON scalar is PGRST102 here (PostgREST turns it
 * into an empty array, silently inserting nothing).
 */
export function parsePayload(body: Buffer, contentType: string | undefined, options: PayloadOptions): Payload {
  const type = contentMediaType(contentType);
  const text = () => body.toString('utf8');
  switch (type) {
    case 'application/json':
      if (body.length === 0 && options.isCall) return { json: '{}', keys: [], isArray: false, contentType: type };
      if (options.isCall) return callPayload(parseJson(text()), options.columns);
      return fromJson(parseJson(text()), options.columns, 'application/json');
    case 'text/csv':
      return fromJson(parseCsv(text()), options.columns, 'text/csv');
    case 'application/x-www-form-urlencoded': {
      const object: Record<string, string> = {};
      for (const part of text().split('&')) {
        if (part === '') continue;
        const eq = part.indexOf('=');
        object[decodeComponent(eq === -1 ? part : part.slice(0, eq))] = eq === -1 ? '' : decodeComponent(part.slice(eq + 1));
      }
      return fromJson(object, options.columns, type);
    }
    case 'text/plain':
    case 'application/octet-stream':
      if (options.isCall) return { json: '{}', keys: [], isArray: false, raw: body, contentType: type };
      break;
  }
  throw invalidBody(`Content-Type not acceptable: ${type}`);
}

function parseJson(text: string): unknown {
  // Ours: PostgREST has no explicit cap. Checked first, so no deep value ever reaches a recursive walk.
  if (jsonDepthExceeds(text)) throw new ApiError('PGRST102', { message: 'Empty or invalid json', details: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` });
  try {
    return JSON.parse(text);
  } catch {
    // PostgREST drops the parser's message in favour of this generic one.
    throw invalidBody('Empty or invalid json');
  }
}

/**
 * A call's JSON body may be any JSON value: a function with a single unnamed json/jsonb parameter
 * takes it whole. Only the planner knows the function, so a body that cannot be named arguments
 * keeps the PGRST102 message the planner raises for every other function.
 */
function callPayload(value: unknown, columns: string[] | null): Payload {
  try {
    return fromJson(value, columns, 'application/json');
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { json: JSON.stringify(value), keys: [], isArray: Array.isArray(value), contentType: 'application/json', notArguments: error.message };
  }
}

function fromJson(value: unknown, columns: string[] | null, contentType: MediaType): Payload {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(value)) return { json: JSON.stringify(value), keys: columns ?? Object.keys(value), isArray: false, contentType };
  if (!Array.isArray(value)) throw invalidBody('Empty or invalid json');
  if (!value.every(isObject)) throw invalidBody('All object keys must match');
  if (columns) return { json: JSON.stringify(value), keys: columns, isArray: true, contentType };
  const keys = value.length > 0 ? Object.keys(value[0]!) : [];
  const canonical = [...keys].sort().join('\0');
  for (const item of value) {
    if (Object.keys(item).sort().join('\0') !== canonical) {
      throw invalidBody(contentType === 'text/csv' ? 'All lines must have same number of fields' : 'All object keys must match');
    }
  }
  return { json: JSON.stringify(value), keys, isArray: true, contentType };
}
