// Picks the overload of /rpc/<name> by argument names (PostgREST's findProc), with PGRST202/203 errors.
import { ApiError } from '../errors/api-error.ts';
import type { MediaType } from '../request/types.ts';
import { qualifiedKey, type Routine, type RoutineParameter, type SchemaCache } from '../schema/types.ts';
import { closestName } from './resolve.ts';

/** What a call offers to match against: argument names, and for GET names that may also be filters. */
export interface CallSignature {
  /** Names that must be arguments (POST body keys, GET keys whose value is not an operator expression). */
  keys: ReadonlySet<string>;
  /** GET keys whose value is an operator expression: arguments only if the function has such a parameter. */
  optionalKeys: ReadonlySet<string>;
  isPost: boolean;
  contentType: MediaType;
}

/** Parameters that receive arguments (IN, INOUT, VARIADIC), in declaration order. */
export const inputParams = (routine: Routine): RoutineParameter[] =>
  routine.parameters.filter((p) => p.mode === 'in' || p.mode === 'inout' || p.mode === 'variadic');

/** The argument names a routine takes from this call: required keys plus optional keys it knows. */
export function argumentKeysFor(routine: Routine, signature: CallSignature): Set<string> {
  const names = new Set(inputParams(routine).map((p) => p.name));
  const keys = new Set(signature.keys);
  for (const key of signature.optionalKeys) if (names.has(key)) keys.add(key);
  return keys;
}

const RAW_BODY_TYPES: Partial<Record<MediaType, string[]>> = {
  'application/json': ['json', 'jsonb'],
  'text/plain': ['text'],
  'application/octet-stream': ['bytea'],
};

const RAW_ONLY: MediaType[] = ['text/plain', 'application/octet-stream'];

/** POST with a single unnamed parameter whose type fits the body's media type. */
export function takesWholeBody(routine: Routine, signature: CallSignature): boolean {
  const params = inputParams(routine);
  if (!signature.isPost || params.length !== 1 || params[0]!.name !== '') return false;
  return (RAW_BODY_TYPES[signature.contentType] ?? []).includes(params[0]!.type.name);
}

export function matchesNames(routine: Routine, signature: CallSignature): boolean {
  const params = inputParams(routine);
  const keys = argumentKeysFor(routine, signature);
  if (params.length === 0) return keys.size === 0 && !(signature.isPost && RAW_ONLY.includes(signature.contentType));
  const required = new Set(params.filter((p) => !p.hasDefault).map((p) => p.name));
  const optional = new Set(params.filter((p) => p.hasDefault).map((p) => p.name));
  for (const name of required) if (!keys.has(name)) return false;
  for (const key of keys) if (!required.has(key) && !optional.has(key)) return false;
  return true;
}

/** Named-argument matches win; otherwise a single-unnamed-parameter function taking the whole body. */
export function findRoutine(cache: SchemaCache, schema: string, name: string, signature: CallSignature): Routine {
  const overloads = cache.routines.get(qualifiedKey(schema, name)) ?? [];
  const byNames = overloads.filter((r) => matchesNames(r, signature));
  const byBody = overloads.filter((r) => !matchesNames(r, signature) && takesWholeBody(r, signature));
  const candidates = byNames.length > 0 ? byNames : byBody;
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1) throw ambiguous(candidates);
  throw notFound(cache, schema, name, overloads, signature);
}

const describeOverload = (r: Routine): string =>
  `${r.schema}.${r.name}(${inputParams(r)
    .map((p) => `${p.name} => ${p.type.display}`)
    .join(', ')})`;

function ambiguous(routines: Routine[]): ApiError {
  return new ApiError('PGRST203', {
    message: `Could not choose the best candidate function between: ${routines.map(describeOverload).join(', ')}`,
    hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
  });
}

const parenthesized = (names: readonly string[]): string => `(${names.join(', ')})`;

function notFound(cache: SchemaCache, schema: string, name: string, overloads: Routine[], signature: CallSignature): ApiError {
  const keys = [...signature.keys].sort();
  const qualified = `${schema}.${name}`;
  const rawOnly = signature.isPost && RAW_ONLY.includes(signature.contentType);
  const withKeys = (text: string): string => (keys.length === 0 ? ' without parameters' : text);
  const listed = withKeys(` with parameter${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`);
  const searched =
    signature.isPost && signature.contentType === 'text/plain'
      ? ' with a single unnamed text parameter'
      : signature.isPost && signature.contentType === 'application/octet-stream'
        ? ' with a single unnamed bytea parameter'
        : signature.isPost && signature.contentType === 'application/json'
          ? `${listed} or with a single unnamed json/jsonb parameter`
          : listed;
  let hint: string | null = null;
  if (!rawOnly) {
    const suggestion =
      overloads.length === 0
        ? closestName(
            name,
            [...cache.routines.values()]
              .flat()
              .filter((r) => r.schema === schema)
              .map((r) => r.name),
          )
        : closestOverload(keys, overloads);
    hint = suggestion === null ? null : `Perhaps you meant to call the function ${schema}.${suggestion}`;
  }
  return new ApiError('PGRST202', {
    message: `Could not find the function ${qualified}${rawOnly ? '' : withKeys(parenthesized(keys))} in the schema cache`,
    details: `Searched for the function ${qualified}${searched}, but no matches were found in the schema cache.`,
    hint,
  });
}

/** `f(a, b)` for the overload whose parameter list is closest to the given keys. */
function closestOverload(keys: string[], overloads: Routine[]): string | null {
  const lists = overloads.map((r) => parenthesized(inputParams(r).map((p) => p.name)));
  const wanted = parenthesized(keys);
  const closest = closestName(wanted, lists) ?? (overloads.length === 1 ? lists[0]! : null);
  return closest === null ? null : `${overloads[0]!.name}${closest}`;
}
