// The ApiRequest AST: what the pure parsers in request/ produce and the planner consumes.
// Names here are user text (unresolved); the planner checks every one against the schema cache.

/** One step of a JSON path: `->'key'`, `->>'key'`, `->0`, `->-1`. */
export interface JsonStep {
  arrow: '->' | '->>';
  /** A string key or an integer array index. */
  key: string | number;
}

/** A column reference, possibly followed by a JSON/composite/array path: `data->a->>b`. */
export interface Field {
  name: string;
  jsonPath: JsonStep[];
}

/** Operators taking one scalar value. */
export type SimpleOperator =
  'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'like' | 'ilike' | 'match' | 'imatch' | 'cs' | 'cd' | 'ov' | 'sl' | 'sr' | 'nxr' | 'nxl' | 'adj' | 'isdistinct';

/** Operators that accept the `(any)` / `(all)` quantifier. */
export type QuantifiableOperator = 'eq' | 'gt' | 'gte' | 'lt' | 'lte' | 'like' | 'ilike' | 'match' | 'imatch';

export type FtsOperator = 'fts' | 'plfts' | 'phfts' | 'wfts';

export type IsValue = 'null' | 'not_null' | 'true' | 'false' | 'unknown';

export type Operation =
  /** `eq.5`, `like.*abc*` (the parser already turned `*` into `%` for like/ilike). */
  | { kind: 'simple'; operator: SimpleOperator; value: string }
  /** `eq(any).{a,b}` → values ['a','b']. */
  | { kind: 'quantified'; operator: QuantifiableOperator; quantifier: 'any' | 'all'; values: string[] }
  /** `in.(a,"b,c")` → values ['a','b,c']. */
  | { kind: 'in'; values: string[] }
  /** `is.null` (value lower-cased). */
  | { kind: 'is'; value: IsValue }
  /** `fts(english).cat` / `plfts.x`. */
  | { kind: 'fts'; operator: FtsOperator; language: string | null; value: string };

/** A filter on one field: `field=[not.]operation`. */
export interface Condition {
  field: Field;
  negated: boolean;
  operation: Operation;
}

/** `or=(...)`, `and=(...)`, `not.or=(...)`, nested. */
export type LogicTree = { kind: 'expr'; operator: 'and' | 'or'; negated: boolean; children: LogicTree[] } | { kind: 'condition'; condition: Condition };

/**
 * Where a query parameter applies: [] is the top-level resource, ['tasks'] the embed
 * named/aliased `tasks`, ['tasks','tags'] one level deeper.
 */
export type EmbedPath = string[];

export interface Filter extends Condition {
  path: EmbedPath;
}

export interface LogicFilter {
  path: EmbedPath;
  tree: LogicTree & { kind: 'expr' };
}

export type AggregateFunction = 'count' | 'sum' | 'avg' | 'min' | 'max';

export type SelectItem =
  /** `*` */
  | { kind: 'star' }
  /** `alias:col->a::text`, `col.sum()::int`, `count()` (field null only for bare `count()`). */
  | {
      kind: 'field';
      field: Field | null;
      alias: string | null;
      cast: string | null;
      aggregate: { fn: AggregateFunction; cast: string | null } | null;
    }
  /** `alias:rel!hint!inner(children)` or spread `...rel(children)`. */
  | {
      kind: 'embed';
      relation: string;
      alias: string | null;
      hint: string | null;
      joinType: 'inner' | 'left' | null;
      spread: boolean;
      children: SelectItem[];
    };

export type OrderDirection = 'asc' | 'desc';
export type OrderNulls = 'first' | 'last';

export interface OrderTerm {
  /** Set for `order=rel(col).desc` (ordering by a to-one embed's column). */
  relation: string | null;
  field: Field;
  direction: OrderDirection | null;
  nulls: OrderNulls | null;
}

export interface OrderSpec {
  path: EmbedPath;
  terms: OrderTerm[];
}

/** Offset/limit for one embed path; limit null = unbounded. */
export interface RangeSpec {
  path: EmbedPath;
  offset: number;
  limit: number | null;
}

export interface Preferences {
  return: 'minimal' | 'headers-only' | 'representation' | null;
  count: 'exact' | 'planned' | 'estimated' | null;
  resolution: 'merge-duplicates' | 'ignore-duplicates' | null;
  missing: 'default' | 'null' | null;
  handling: 'strict' | 'lenient' | null;
  tx: 'commit' | 'rollback' | null;
  maxAffected: number | null;
  timezone: string | null;
  /** The preferences recognised and applied, echoed in `Preference-Applied`. */
  applied: string[];
  /** Unrecognised preference tokens (PGRST122 under handling=strict). */
  invalid: string[];
}

export type MediaType =
  | 'application/json'
  | 'text/csv'
  | 'application/vnd.pgrst.object+json'
  | 'application/vnd.pgrst.array+json'
  | 'application/geo+json'
  | 'application/openapi+json'
  | 'text/plain'
  | 'application/octet-stream'
  | 'application/x-www-form-urlencoded'
  | '*/*';

/**
 * One GET /rpc query parameter with a plain key. `alsoFilter`: its value is an operator expression, so it
 * was parsed as a filter on the result too; the planner keeps whichever the function's signature matches.
 */
export type RpcQueryArg = [name: string, value: string, alsoFilter: boolean];

/** The singular-object media type: exactly one row, sent as an object (PGRST116 otherwise). */
export const SINGULAR_OBJECT: MediaType = 'application/vnd.pgrst.object+json';

export interface AcceptedMedia {
  type: MediaType;
  /** `;nulls=stripped` */
  stripNulls: boolean;
  /**
   * `application/vnd.pgrst.plan+json; for="…"; options=analyze|verbose`: answer with the EXPLAIN of the
   * statement that would build `type` (the `for` media), instead of running it. Needs db-plan-enabled.
   */
  plan?: { options: PlanOption[] };
  /** Set by the planner for application/geo+json: the schema of PostGIS's ST_AsGeoJSON. */
  geoJsonSchema?: string;
}

/** EXPLAIN options PostgREST accepts in the plan media type's `options` parameter. */
export const PLAN_OPTIONS = ['analyze', 'verbose', 'settings', 'buffers', 'wal'] as const;
export type PlanOption = (typeof PLAN_OPTIONS)[number];

export type Action =
  | { kind: 'read'; headOnly: boolean }
  | { kind: 'create' }
  | { kind: 'update' }
  | { kind: 'upsert' } // PUT
  | { kind: 'delete' }
  | { kind: 'call'; method: 'GET' | 'HEAD' | 'POST' }
  | { kind: 'info' } // OPTIONS
  | { kind: 'root'; headOnly: boolean };

export type Target = { kind: 'relation'; name: string } | { kind: 'routine'; name: string } | { kind: 'root' };

/** The request body, decoded but not yet checked against the schema. */
export interface Payload {
  /** The JSON text sent to Postgres as one bind parameter (an array for bulk inserts). */
  json: string;
  /** Union of keys over all objects in the payload. */
  keys: string[];
  /** True when the body was a JSON array (bulk). */
  isArray: boolean;
  /** Raw body for single unnamed text/bytea/json RPC parameters. */
  raw?: Buffer;
  /** A call body that is valid JSON but no set of named arguments (a scalar, mixed array): the PGRST102 message. */
  notArguments?: string;
  contentType: MediaType;
}

export interface ApiRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'OPTIONS';
  /** The decoded request path, for request.path. */
  path: string;
  target: Target;
  action: Action;
  /** The schema chosen by Accept-Profile/Content-Profile (or the first configured one). */
  schema: string;
  /** True when the schema was negotiated: named by a profile header, or chosen among several exposed (echo Content-Profile). */
  schemaFromProfile: boolean;
  /** The query string sorted by key and re-encoded, for Content-Location. */
  canonicalQuery: string;
  /** Set by the planner: relation names used for aliased embeds in filters/orders/limits → alias (Warning header). */
  aliasedTargetNames?: Array<[relation: string, alias: string]>;
  select: SelectItem[];
  filters: Filter[];
  logic: LogicFilter[];
  order: OrderSpec[];
  ranges: RangeSpec[];
  /** Range header on the top-level resource (merged into ranges[path=[]] by the parser). */
  rangeHeaderPresent: boolean;
  /** `columns=` for inserts/RPC. */
  columns: string[] | null;
  /** `on_conflict=` for upserts. */
  onConflict: string[] | null;
  /** GET /rpc/f?a=1: named arguments from the query string (repeated keys for variadic). */
  rpcQueryArgs: RpcQueryArg[];
  preferences: Preferences;
  accept: AcceptedMedia;
  payload: Payload | null;
  /** Lower-cased header names → values, for request.headers. */
  headers: Record<string, string>;
  cookies: Record<string, string>;
}
