// Plan: what the pure planner produces; every identifier in it comes from the schema cache.
import type { AcceptedMedia, AggregateFunction, ApiRequest, JsonStep, Operation, Preferences } from '../request/types.ts';
import type { Column, Table, TypeRef } from '../schema/types.ts';
import type { CallRequestPlan } from './call-types.ts';

/** A column from the cache, optionally followed by a JSON path. */
export interface ResolvedField {
  column: Column;
  jsonPath: JsonStep[];
}

export type PlannedSelect =
  | {
      kind: 'field';
      field: ResolvedField;
      cast: TypeRef | null;
      outputName: string;
      aggregate: { fn: AggregateFunction; cast: TypeRef | null } | null;
    }
  /** Bare `count()`. */
  | { kind: 'count'; outputName: string; cast: TypeRef | null }
  /** `*`: every column of the relation, in order. */
  | { kind: 'star' }
  | { kind: 'embed'; embed: EmbedPlan };

export interface PlannedCondition {
  field: ResolvedField;
  negated: boolean;
  operation: Operation;
}

export type PlannedLogic =
  | { kind: 'expr'; operator: 'and' | 'or'; negated: boolean; children: PlannedLogic[] }
  | { kind: 'condition'; condition: PlannedCondition }
  /** `rel=is.null` / `rel=not.is.null` on an embed (anti/semi join), by the embed's alias. */
  | { kind: 'embed-null'; embedAlias: string; isNull: boolean };

export interface PlannedOrder {
  /** Alias of a to-one embed when ordering by its column (`order=rel(col)`). */
  embedAlias: string | null;
  field: ResolvedField;
  direction: 'asc' | 'desc' | null;
  nulls: 'first' | 'last' | null;
}

/** One relation read: the top-level resource or an embedded one. */
export interface ReadPlan {
  table: Table;
  /** Generated SQL alias (`pgrst_0`, `pgrst_1` …), never user text. */
  alias: string;
  select: PlannedSelect[];
  /** ANDed together. */
  where: PlannedLogic[];
  order: PlannedOrder[];
  offset: number;
  limit: number | null;
  /** Columns to GROUP BY when aggregates are selected (empty otherwise). */
  groupBy: ResolvedField[];
  /** Set when the rows come from a CTE of the main statement (a function's result) instead of `table`. */
  fromCte?: string;
}

/** How an embedded relation joins its parent. Filled in by the embedding planner. */
export interface EmbedJoin {
  kind: 'many-to-one' | 'one-to-many' | 'one-to-one' | 'many-to-many' | 'computed';
  /** Pairs of (parent column, child column) for direct joins. */
  pairs: Array<{ parent: string; child: string }>;
  junction: { table: Table; parentPairs: Array<{ parent: string; junction: string }>; childPairs: Array<{ child: string; junction: string }> } | null;
  /** Computed relationship function. */
  routine: { schema: string; name: string } | null;
}

export interface EmbedPlan {
  /** The key in the parent's JSON (alias or relation name). */
  outputName: string;
  read: ReadPlan;
  join: EmbedJoin;
  toOne: boolean;
  inner: boolean;
  spread: boolean;
}

export interface ReadRequestPlan {
  kind: 'read';
  read: ReadPlan;
  count: Preferences['count'];
  media: AcceptedMedia;
  headOnly: boolean;
  /** The db-max-rows cap applied, for 206/Content-Range decisions. */
  maxRows: number | null;
  request: ApiRequest;
}

/** `GET /`: the OpenAPI description of the request's schema, answered from the cache alone. */
export interface RootPlan {
  kind: 'root';
  schema: string;
  headOnly: boolean;
  request: ApiRequest;
}

export type Plan = ReadRequestPlan | CallRequestPlan | RootPlan;

/** Plans answered by running SQL (everything but the cache-only root document). */
export type DatabasePlan = Exclude<Plan, RootPlan>;
