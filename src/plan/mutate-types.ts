// MutatePlan and RelationInfoPlan: what the write planner produces for POST/PATCH/PUT/DELETE and OPTIONS on a relation.
import type { AcceptedMedia, ApiRequest, Payload } from '../request/types.ts';
import type { CountStrategy } from './count-strategy.ts';
import type { Column, Table } from '../schema/types.ts';
import type { PlannedCondition, PlannedLogic, PlannedOrder, ReadPlan } from './types.ts';

/** create = POST, update = PATCH, upsert = PUT (single row), delete = DELETE. */
export type Mutation = 'create' | 'update' | 'upsert' | 'delete';

export type ReturnPreference = 'minimal' | 'headers-only' | 'representation';

export interface ConflictPlan {
  /** Conflict target: the primary key or `on_conflict=` columns (cache names). */
  columns: string[];
  action: 'merge' | 'ignore';
}

/** `limit`/`offset` on PATCH/DELETE: only the first rows in `order` are changed (tables only, by ctid). */
export interface MutationRange {
  offset: number;
  limit: number | null;
  order: PlannedOrder[];
}

export interface MutatePlan {
  kind: 'mutate';
  mutation: Mutation;
  table: Table;
  /** The payload keys (or `columns=`) resolved to table columns, in payload order. */
  columns: Column[];
  payload: Payload | null;
  /** Prefer: missing=default: keys absent from an object take the column default. */
  applyDefaults: boolean;
  onConflict: ConflictPlan | null;
  /** Filters of PATCH/DELETE (ANDed), on the mutated relation (aliased like the root read, `read.id`). */
  where: PlannedLogic[];
  /** PUT: the URL's primary-key filters, checked against the payload row (`pgrst_body`). */
  putConditions: PlannedCondition[];
  range: MutationRange | null;
  returnPreference: ReturnPreference;
  /** Columns the mutation must RETURN for the response: 'all' (every column) or a list (empty = none). */
  returning: 'all' | Column[];
  /** The representation: a read over the mutated rows (root filters/limits removed; FROM the CTE). */
  read: ReadPlan;
  /** Count inserted vs updated rows (xmax = 0) to answer 201 or 200 on upserts. */
  trackInserted: boolean;
  /** Content-Range carries the affected total (Prefer: count=…): none or exact. */
  count: CountStrategy;
  media: AcceptedMedia;
  /** Prefer: max-affected=N with handling=strict (PATCH/DELETE only). */
  maxAffected: number | null;
  /** End the transaction with ROLLBACK (db-tx-end and Prefer: tx). */
  rollback: boolean;
  /** Preference-Applied tokens for this request. */
  applied: string[];
  request: ApiRequest;
}

/** OPTIONS on a table or view: answered from the schema cache, without the database. */
export interface RelationInfoPlan {
  kind: 'info';
  allow: string[];
  request: ApiRequest;
}
