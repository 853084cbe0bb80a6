// SchemaCache: the immutable, typed picture of the exposed schemas that the planner resolves names against.
import type { Relationship } from './relationship-types.ts';

export type RelationKind = 'table' | 'view' | 'materialized_view' | 'foreign_table' | 'partitioned_table';

/** A type as Postgres names it: enough to emit a safe cast and to pick operators. */
export interface TypeRef {
  schema: string;
  /** pg_type.typname, e.g. `int4`, `_text`, `tsvector`. */
  name: string;
  /** pg_type.typcategory: A array, B bool, C composite, D date/time, N numeric, S string, U user, R range … */
  category: string;
  /** Human-readable name, e.g. `integer`, `text[]`. */
  display: string;
}

export interface Column {
  name: string;
  type: TypeRef;
  nullable: boolean;
  hasDefault: boolean;
  /** The default expression as Postgres prints it, e.g. `nextval('t_id_seq'::regclass)`. */
  defaultExpression: string | null;
  generated: boolean;
  comment: string | null;
}

export interface Table {
  schema: string;
  name: string;
  kind: RelationKind;
  /** Columns in attnum order. */
  columns: Column[];
  columnsByName: Map<string, Column>;
  primaryKey: string[];
  comment: string | null;
  insertable: boolean;
  updatable: boolean;
  deletable: boolean;
  /**
   * Computed fields: functions of the same schema taking this relation's row as their one argument and
   * returning a single non-row value (`full_name(people) returns text`). Selectable, filterable and
   * orderable like columns, never part of `*`. Key: function name.
   */
  computedFields?: ReadonlyMap<string, ComputedField>;
}

export interface ComputedField {
  /** The function (schema, name); its one argument is the row. */
  schema: string;
  name: string;
  returnType: TypeRef;
}

/** A foreign key of an exposed table, as the OpenAPI output notes it on each column (relationships cover embedding). */
export interface ForeignKey {
  schema: string;
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
}

export interface RoutineParameter {
  /** '' for unnamed parameters. */
  name: string;
  type: TypeRef;
  mode: 'in' | 'out' | 'inout' | 'variadic' | 'table';
  hasDefault: boolean;
}

/** A setting as `ALTER ROLE … SET` or a function's `SET` clause stores it: lower-case name, value text. */
export type SettingPair = readonly [name: string, value: string];

/** default_transaction_isolation, which can only take effect when the transaction begins. */
export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

/** The settings of a role requests can run as (pg_db_role_setting), applied transaction-locally. */
export interface RoleSettings {
  /** Every setting the connecting role may set, except default_transaction_isolation. */
  settings: readonly SettingPair[];
  isolation: IsolationLevel | null;
}

export interface Routine {
  schema: string;
  name: string;
  /** Every parameter in declaration order (in, out, inout, variadic, table). */
  parameters: RoutineParameter[];
  returnType: TypeRef;
  returnsSet: boolean;
  /** The relation whose row type the routine returns (RETURNS tbl / SETOF tbl), if any. */
  returnsRelation: { schema: string; name: string } | null;
  /** Attributes of a composite return type (a table's row type or CREATE TYPE), in order; null otherwise. */
  returnTypeColumns: Column[] | null;
  volatility: 'immutable' | 'stable' | 'volatile';
  comment: string | null;
  /** The function's SET clauses (proconfig), in order; db-hoisted-tx-settings picks which apply to the transaction. */
  settings: readonly SettingPair[];
}

export interface SchemaCache {
  /** Exposed schemas, the first being the default. */
  schemas: readonly string[];
  /** Key: `schema.name` via `qualifiedKey`. */
  tables: ReadonlyMap<string, Table>;
  foreignKeys: readonly ForeignKey[];
  /** Key: origin `schema.name` via `qualifiedKey`; relationships to relations of the same schema. */
  relationships: ReadonlyMap<string, readonly Relationship[]>;
  /** Key: `schema.name`; overloads share a key. */
  routines: ReadonlyMap<string, Routine[]>;
  /** Known type names (`typname` and SQL aliases) → TypeRef, for validating casts. */
  types: ReadonlyMap<string, TypeRef>;
  /** Server version number, e.g. 170004. */
  serverVersion: number;
  /** Key: role name; only roles the connecting role can switch to and that have settings. */
  roleSettings: ReadonlyMap<string, RoleSettings>;
  /** Role name → whether the connecting (login) role may switch to it; the login role itself is false. */
  roles: ReadonlyMap<string, boolean>;
  /** Time zone names the server knows (pg_timezone_names): what `Prefer: timezone=` may name. */
  timezones: ReadonlySet<string>;
  /** Where PostGIS's ST_AsGeoJSON lives; null without PostGIS (then application/geo+json is 406). */
  postgisSchema: string | null;
}

export const qualifiedKey = (schema: string, name: string): string => `${schema}\u0000${name}`;
