// Introspection (+ a few extra catalog facts) → immutable SchemaCache. Pure: tested from a frozen snapshot.
import type { Introspection, PgClass, PgType } from 'pg-introspection';
import { buildRelationships } from './relationships.ts';
import { CAST_ALIASES, displayTypeName } from './type-names.ts';
import { buildRoleSettings, parseSettingList, type RoleSettingRow } from './role-settings.ts';
import type { RoleRow } from './roles.ts';
import {
  qualifiedKey,
  type Column,
  type ForeignKey,
  type RelationKind,
  type Routine,
  type RoutineParameter,
  type SchemaCache,
  type Table,
  type TypeRef,
} from './types.ts';

/** Facts pg-introspection does not carry, read by introspect.ts. */
export interface CatalogExtras {
  /** `classOid:attname` → default expression text. */
  defaults: Record<string, string>;
  /** classOid → pg_relation_is_updatable(oid, true) bitmask. */
  updatable: Record<string, number>;
  /** View/materialized view OID → pg_rewrite.ev_action text (for relationships through views). */
  viewActions?: Record<string, string>;
  serverVersion: number;
  /** Settings of the roles the connecting role can switch to (absent in older snapshots). */
  roleSettings?: RoleSettingRow[];
  /** Every role, and whether the connecting role may switch to it (absent in older snapshots: none may). */
  roles?: RoleRow[];
  /** pg_timezone_names, for validating `Prefer: timezone=` (absent in older snapshots: none valid). */
  timezones?: string[];
  /** The schema holding PostGIS's ST_AsGeoJSON, when installed. */
  postgisSchema?: string | null;
}

const RELATION_KINDS: Record<string, RelationKind> = {
  r: 'table',
  v: 'view',
  m: 'materialized_view',
  f: 'foreign_table',
  p: 'partitioned_table',
};

const VOLATILITY = { i: 'immutable', s: 'stable', v: 'volatile' } as const;

// pg_relation_is_updatable bits: 1 << CMD_UPDATE(2), CMD_INSERT(3), CMD_DELETE(4).
const UPDATE_BIT = 4;
const INSERT_BIT = 8;
const DELETE_BIT = 16;

export function buildSchemaCache(intro: Introspection, extras: CatalogExtras, schemas: readonly string[]): SchemaCache {
  const exposed = new Set(schemas);
  const typeRef = (type: PgType | undefined): TypeRef => {
    if (!type) return { schema: 'pg_catalog', name: 'unknown', category: 'X', display: 'unknown' };
    const element = type.typcategory === 'A' ? type.getElemType() : undefined;
    return {
      schema: type.getNamespace()?.nspname ?? 'pg_catalog',
      name: type.typname,
      category: type.typcategory ?? 'U',
      display: displayTypeName(type.typname, element?.typname ?? null),
    };
  };

  const tables = new Map<string, Table>();
  const relations = intro.classes.filter((c) => RELATION_KINDS[c.relkind] && exposed.has(c.getNamespace()?.nspname ?? ''));
  for (const cls of relations) {
    const table = buildTable(cls, extras, typeRef);
    tables.set(qualifiedKey(table.schema, table.name), table);
  }

  const foreignKeys: ForeignKey[] = [];
  for (const con of intro.constraints) {
    if (con.contype !== 'f') continue;
    const from = con.getClass();
    const to = con.getForeignClass();
    if (!from || !to) continue;
    foreignKeys.push({
      schema: from.getNamespace()?.nspname ?? '',
      table: from.relname,
      columns: (con.getAttributes() ?? []).map((a) => a.attname),
      refTable: to.relname,
      refColumns: (con.getForeignAttributes() ?? []).map((a) => a.attname),
    });
  }

  const routines = new Map<string, Routine[]>();
  for (const proc of intro.procs) {
    const schema = proc.getNamespace()?.nspname ?? '';
    if (!exposed.has(schema) || proc.prokind === 'a' || proc.prokind === 'w') continue;
    const routine = buildRoutine(proc, schema, typeRef);
    const key = qualifiedKey(schema, routine.name);
    routines.set(key, [...(routines.get(key) ?? []), routine]);
  }

  addComputedFields(tables, routines);

  const types = new Map<string, TypeRef>();
  for (const type of intro.types) {
    const schema = type.getNamespace()?.nspname ?? '';
    if (schema !== 'pg_catalog' && !exposed.has(schema)) continue;
    if (!types.has(type.typname) || schema === 'pg_catalog') types.set(type.typname, typeRef(type));
  }
  for (const [alias, typname] of Object.entries(CAST_ALIASES)) {
    const target = types.get(typname);
    if (target) types.set(alias, target);
  }

  return Object.freeze({
    schemas: Object.freeze([...schemas]),
    tables,
    foreignKeys: Object.freeze(foreignKeys),
    relationships: buildRelationships(intro, extras.viewActions ?? {}, schemas),
    routines,
    types,
    serverVersion: extras.serverVersion,
    roleSettings: buildRoleSettings(extras.roleSettings ?? []),
    roles: new Map((extras.roles ?? []).map((r) => [r.name, r.switchable])),
    timezones: new Set(extras.timezones ?? []),
    postgisSchema: extras.postgisSchema ?? null,
  });
}

function buildTable(cls: PgClass, extras: CatalogExtras, typeRef: (t: PgType | undefined) => TypeRef): Table {
  const columns: Column[] = cls
    .getAttributes()
    .filter((a) => a.attnum > 0 && !a.attisdropped)
    .sort((a, b) => a.attnum - b.attnum)
    .map((a) => ({
      name: a.attname,
      type: typeRef(a.getType()),
      nullable: !a.attnotnull,
      hasDefault: Boolean(a.atthasdef) || Boolean(a.attidentity),
      defaultExpression: extras.defaults[`${cls._id}:${a.attname}`] ?? null,
      generated: Boolean(a.attgenerated),
      comment: a.getDescription() ?? null,
    }));
  const constraints = cls.getConstraints();
  const primary = constraints.find((c) => c.contype === 'p');
  const kind = RELATION_KINDS[cls.relkind]!;
  const mask = extras.updatable[cls._id] ?? (kind === 'table' || kind === 'partitioned_table' ? UPDATE_BIT | INSERT_BIT | DELETE_BIT : 0);
  return {
    schema: cls.getNamespace()?.nspname ?? '',
    name: cls.relname,
    kind,
    columns,
    columnsByName: new Map(columns.map((c) => [c.name, c])),
    primaryKey: (primary?.getAttributes() ?? []).map((a) => a.attname),
    comment: cls.getDescription() ?? null,
    insertable: (mask & INSERT_BIT) !== 0,
    updatable: (mask & UPDATE_BIT) !== 0,
    deletable: (mask & DELETE_BIT) !== 0,
  };
}

function buildRoutine(proc: Introspection['procs'][number], schema: string, typeRef: (t: PgType | undefined) => TypeRef): Routine {
  const modes = proc.proargmodes ?? [];
  const parameters: RoutineParameter[] = proc.getArguments().map((arg, index) => ({
    name: arg.name ?? '',
    type: typeRef(arg.type),
    mode: ({ i: 'in', o: 'out', b: 'inout', v: 'variadic', t: 'table' } as const)[(modes[index] ?? 'i') as 'i'] ?? 'in',
    hasDefault: arg.hasDefault,
  }));
  const returnType = proc.getReturnType();
  const returnClass = returnType?.getClass();
  return {
    schema,
    name: proc.proname,
    parameters,
    returnType: typeRef(returnType),
    returnsSet: proc.proretset,
    returnsRelation:
      returnClass && RELATION_KINDS[returnClass.relkind] ? { schema: returnClass.getNamespace()?.nspname ?? '', name: returnClass.relname } : null,
    returnTypeColumns: returnClass ? compositeColumns(returnClass, typeRef) : null,
    volatility: VOLATILITY[(proc.provolatile ?? 'v') as 'v'] ?? 'volatile',
    comment: proc.getDescription() ?? null,
    settings: parseSettingList(proc.proconfig ?? []),
  };
}

/** The attributes of a composite type's class, as columns (for functions returning it). */
function compositeColumns(cls: PgClass, typeRef: (t: PgType | undefined) => TypeRef): Column[] {
  return cls
    .getAttributes()
    .filter((a) => a.attnum > 0 && !a.attisdropped)
    .sort((a, b) => a.attnum - b.attnum)
    .map((a) => ({
      name: a.attname,
      type: typeRef(a.getType()),
      nullable: !a.attnotnull,
      hasDefault: false,
      defaultExpression: null,
      generated: false,
      comment: null,
    }));
}

/** f(row of T) returning one non-row value is a computed field of T (a row or set result is a computed relationship). */
function addComputedFields(tables: Map<string, Table>, routines: Map<string, Routine[]>): void {
  for (const overloads of routines.values()) {
    for (const routine of overloads) {
      const inputs = routine.parameters.filter((p) => p.mode !== 'out' && p.mode !== 'table');
      if (inputs.length !== 1 || inputs[0]!.mode !== 'in' || routine.returnsSet || routine.returnsRelation !== null) continue;
      if (routine.returnType.name === 'void' || routine.returnType.name === 'record' || routine.parameters.length !== 1) continue;
      const argType = inputs[0]!.type;
      const table = argType.schema === routine.schema ? tables.get(qualifiedKey(argType.schema, argType.name)) : undefined;
      if (!table || table.columnsByName.has(routine.name)) continue;
      const fields = new Map(table.computedFields ?? []);
      fields.set(routine.name, { schema: routine.schema, name: routine.name, returnType: routine.returnType });
      table.computedFields = fields;
    }
  }
}
