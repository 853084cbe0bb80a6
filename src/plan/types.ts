// Plan: what the pure planner produces; every identifier in it comes from the schema cache.
import type { AcceptedMedia, AggregateFunction, ApiRequest, JsonStep, Operation } from '../request/types.ts';
import type { Relationship } from '../schema/relationship-types.ts';
import type { Column, Table, TypeRef } from '../schema/types.ts';
import type { CountStrategy } from './count-strategy.ts';

/** A column from the cache, optionally followed by a JSON path. */
export interface ResolvedField {
  column: Column;
  jsonPath: JsonStep[];
  /** Set for a computed field: `column` then describes its result, and SQL calls `fn(row::table)`. */
  computed?: { function: { schema: string; name: string }; rowType: { schema: string; name: string } };
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
  /** `rel=is.null` / `rel=not.is.null` on an embed (anti/semi join), by the embed's read id. */
  | { kind: 'embed-null'; embedId: number; isNull: boolean };

export interface PlannedOrder {
  /** Read id of a to-one embed when ordering by one of its output columns (`order=rel(col)`). */
  embedId: number | null;
  field: ResolvedField;
  direction: 'asc' | 'desc' | null;
  nulls: 'first' | 'last' | null;
}

/** One relation read: the top-level resource or an embedded one. */
export interface ReadPlan {
  table: Table;
  /** This node's number (root 0, embeds in planning order); query/ turns it into SQL names. */
  id: number;
  select: PlannedSelect[];
  /** ANDed together. */
  where: PlannedLogic[];
  order: PlannedOrder[];
  offset: number;
  limit: number | null;
  /** Columns to GROUP BY when aggregates are selected (empty otherwise). */
  groupBy: ResolvedField[];
  /** Set when the rows come from the main statement (a function's result, a write's returned rows) instead of `table`. */
  source?: 'call' | 'mutation';
}

/** An embedded relation: its own ReadPlan, how it joins its parent, and how it appears in the output. */
export interface EmbedPlan {
  /** The key in the parent's JSON (alias or relation name); a spread has no key of its own. */
  outputName: string;
  read: ReadPlan;
  /** The relationship from the schema cache (columns, junction or function are cached names). */
  relationship: Relationship;
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
