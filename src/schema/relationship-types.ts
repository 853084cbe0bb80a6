// Relationship: how two relations join for embedding (FK, many-to-many through a junction, computed function).

export interface RelationRef {
  schema: string;
  name: string;
}

export type Cardinality = 'many-to-one' | 'one-to-many' | 'one-to-one' | 'many-to-many';

/** A direct join on column pairs: `table.col = foreignTable.col` for each pair. */
export interface ForeignKeyRelationship {
  kind: 'foreign-key';
  table: RelationRef;
  foreignTable: RelationRef;
  isSelf: boolean;
  cardinality: 'many-to-one' | 'one-to-many' | 'one-to-one';
  constraint: string;
  /** [column of table, column of foreignTable]. */
  columns: Array<[string, string]>;
  foreignTableIsView: boolean;
}

/** `table` ↔ `foreignTable` through a junction table holding an FK to each. */
export interface ManyToManyRelationship {
  kind: 'many-to-many';
  table: RelationRef;
  foreignTable: RelationRef;
  isSelf: boolean;
  cardinality: 'many-to-many';
  junction: {
    table: RelationRef;
    constraint1: string;
    constraint2: string;
    /** [junction column, table column]. */
    sourceColumns: Array<[string, string]>;
    /** [junction column, foreignTable column]. */
    targetColumns: Array<[string, string]>;
  };
}

/** `function(table) returns [setof] foreignTable`, embedded by the function's name. */
export interface ComputedRelationship {
  kind: 'computed';
  function: RelationRef;
  table: RelationRef;
  foreignTable: RelationRef;
  isSelf: boolean;
  toOne: boolean;
}

export type Relationship = ForeignKeyRelationship | ManyToManyRelationship | ComputedRelationship;

export const isToOne = (rel: Relationship): boolean =>
  rel.kind === 'computed' ? rel.toOne : rel.cardinality === 'many-to-one' || rel.cardinality === 'one-to-one';
