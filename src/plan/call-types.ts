// CallPlan types: a resolved routine, how its arguments are passed, and the shape of its result.
import type { AcceptedMedia, ApiRequest } from '../request/types.ts';
import type { CountStrategy } from './count-strategy.ts';
import type { Routine, RoutineParameter } from '../schema/types.ts';
import type { ReadPlan } from './types.ts';

/** How the arguments reach the function; every value is a bind parameter. */
export type CallArguments =
  /** `f()`: no arguments (defaults apply). */
  | { kind: 'none' }
  /** POST JSON/form body: `json_to_record($1) AS pgrst_args(a int, …)`, only the given parameters. */
  | { kind: 'record'; json: string; params: RoutineParameter[] }
  /** GET query string: `a := $1::type`; a variadic parameter gets every repeated value as an array. */
  | { kind: 'direct'; values: Array<{ param: RoutineParameter; value: string | string[] }> }
  /** A single unnamed json/jsonb/text/bytea parameter receiving the whole body (bytea as `\x…` hex). */
  | { kind: 'positional'; param: RoutineParameter; value: string };

/**
 * void → 204; scalar → bare JSON value; setof-scalar → JSON array of values;
 * composite → one object; setof-composite → array of objects (filterable like a table).
 */
export type CallReturnShape = 'void' | 'scalar' | 'setof-scalar' | 'composite' | 'setof-composite';

export interface CallRequestPlan {
  kind: 'call';
  routine: Routine;
  args: CallArguments;
  returns: CallReturnShape;
  /** The read over the function's rows (composite shapes); null for scalar and void. */
  read: ReadPlan | null;
  /** Offset/limit for set-of-scalar results (from limit/offset/Range). */
  offset: number;
  limit: number | null;
  /** Column names of OUT/INOUT/TABLE parameters, used as the call's column aliases. */
  outColumns: string[] | null;
  count: CountStrategy;
  media: AcceptedMedia;
  headOnly: boolean;
  /** GET/HEAD, or POST of a stable/immutable function. */
  readOnly: boolean;
  /** Raw (text/plain, octet-stream) output of a scalar; bytea comes back base64-encoded. */
  rawOutput: 'text' | 'binary' | null;
  /** PGRST124 when the function returns more rows (`Prefer: max-affected=N` under handling=strict). */
  maxAffected: number | null;
  /** End with ROLLBACK (db-tx-end, or `Prefer: tx=rollback` when allowed), as for writes. */
  rollback: boolean;
  /** Preference-Applied tokens for this request. */
  applied: string[];
  request: ApiRequest;
}
