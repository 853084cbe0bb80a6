// Plan: what the pure planner produces; every identifier in it comes from the schema cache.
import type { AcceptedMedia, AggregateFunction, ApiRequest, JsonStep, Operation } from '../request/types.ts';
import type { Relationship } from '../schema/relationship-types.ts';
import type { Column, Table, TypeRef } from '../schema/types.ts';
import type { CountStrategy } from './count-strategy.ts';

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
  /** `rel=is.null` / `rel=not.is.null` on an embed (anti/semi join), by the embed's joinAlias. */
  | { kind: 'embed-null'; embedAlias: string; isNull: boolean };

export interface PlannedOrder {
  /** Join alias of a to-one embed when ordering by one of its output columns (`order=rel(col)`). */
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

/** An embedded relation: its own ReadPlan, how it joins its parent, and how it appears in the output. */
export interface EmbedPlan {
  /** The key in the parent's JSON (alias or relation name); a spread has no key of its own. */
  outputName: string;
  read: ReadPlan;
  /** The relationship from the schema cache (columns, junction or function are cached names). */
  relationship: Relationship;
  /** Generated alias of the lateral subquery (`pgrst_agg_1` …), never user text. */
  joinAlias: string;
  /** Generated alias of the junction table for many-to-many (`pgrst_junction_1`), else null. */
  junctionAlias: string | null;
  toOne: boolean;
  /** `!inner`: parent rows without a related row are dropped. */
  inner: boolean;
  /** `...rel(cols)`: the columns are lifted into the parent (arrays for to-many). */
  spread: boolean;
  /** `rel()`: selects nothing, so it adds no key (it still filters with !inner / rel=is.null). */
  empty: boolean;
}

export interface ReadRequestPlan {
  kind: 'read';
  read: ReadPlan;
  count: CountStrategy;
  media: AcceptedMedia;
  headOnly: boolean;
  /** Preference-Applied tokens for this request. */
  applied: string[];
  request: ApiRequest;
}
