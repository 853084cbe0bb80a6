// Relationships for embedding, derived at cache build: FKs (m2o/o2m/o2o), views over FK tables, m2m junctions, computed.
import type { Introspection, PgClass } from 'pg-introspection';
import { viewColumnOrigins } from './view-columns.ts';
import type { ComputedRelationship, ForeignKeyRelationship, ManyToManyRelationship, RelationRef, Relationship } from './relationship-types.ts';
import { qualifiedKey } from './types.ts';
import { uniqueKeysOf } from './unique-keys.ts';

interface RelationInfo {
  ref: RelationRef;
  kind: string;
  attnames: Map<number, string>;
  keys: string[][];
}

const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema', 'pg_toast']);
const RELATION_KINDS = new Set(['r', 'v', 'm', 'f', 'p']);
const MAX_VIEW_DEPTH = 32;
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

function relationInfo(cls: PgClass): RelationInfo {
  const attnames = new Map<number, string>();
  for (const a of cls.getAttributes()) if (a.attnum > 0 && !a.attisdropped) attnames.set(a.attnum, a.attname);
  const keys = uniqueKeysOf(cls);
  return { ref: { schema: cls.getNamespace()?.nspname ?? '', name: cls.relname }, kind: cls.relkind, attnames, keys };
}

/**
 * Every relationship whose two ends are in the same exposed schema, keyed by the origin's
 * `qualifiedKey`. `viewActions` maps a view's OID to its pg_rewrite.ev_action text.
 */
export function buildRelationships(intro: Introspection, viewActions: Record<string, string>, schemas: readonly string[]): Map<string, Relationship[]> {
  const relations = new Map<string, RelationInfo>();
  for (const cls of intro.classes) {
    const schema = cls.getNamespace()?.nspname ?? '';
    if (RELATION_KINDS.has(cls.relkind) && !SYSTEM_SCHEMAS.has(schema)) relations.set(cls._id, relationInfo(cls));
  }

  // 1. Foreign keys between tables, in both directions.
  const direct: ForeignKeyRelationship[] = [];
  const baseFks: Array<{ from: string; to: string; constraint: string; columns: Array<[number, number]>; toOne: boolean }> = [];
  for (const con of intro.constraints) {
    if (con.contype !== 'f' || !con.conkey || !con.confkey) continue;
    const from = relations.get(con.conrelid);
    const to = relations.get(con.confrelid);
    if (!from || !to) continue;
    const pairs = con.conkey.map((k, i) => [k, con.confkey![i]!] as [number, number]);
    const fromCols = pairs.map(([k]) => from.attnames.get(k)!);
    const toOne = from.keys.some((key) => sameSet(key, fromCols));
    baseFks.push({ from: con.conrelid, to: con.confrelid, constraint: con.conname, columns: pairs, toOne });
  }

  // 2. Views: a view exposing all FK columns of a side stands in for that side's table.
  const viewSources = resolveViewSources(relations, viewActions);
  const standIns = (oid: string, attnums: number[]): Array<{ oid: string; names: string[] }> => {
    const base = relations.get(oid)!;
    const out = [{ oid, names: attnums.map((n) => base.attnames.get(n)!) }];
    for (const [viewOid, columns] of viewSources) {
      const view = relations.get(viewOid)!;
      const names: string[] = [];
      for (const attnum of attnums) {
        const match = [...columns].find(([, src]) => src.oid === oid && src.attnum === attnum);
        if (!match) break;
        names.push(view.attnames.get(match[0])!);
      }
      if (names.length === attnums.length) out.push({ oid: viewOid, names });
    }
    return out;
  };
  for (const fk of baseFks) {
    for (const src of standIns(
      fk.from,
      fk.columns.map(([k]) => k),
    )) {
      for (const dst of standIns(
        fk.to,
        fk.columns.map(([, k]) => k),
      )) {
        const a = relations.get(src.oid)!;
        const b = relations.get(dst.oid)!;
        const isSelf = src.oid === dst.oid;
        const columns = src.names.map((n, i) => [n, dst.names[i]!] as [string, string]);
        direct.push({
          kind: 'foreign-key',
          table: a.ref,
          foreignTable: b.ref,
          isSelf,
          constraint: fk.constraint,
          columns,
          cardinality: fk.toOne ? 'one-to-one' : 'many-to-one',
          foreignTableIsView: b.kind === 'v' || b.kind === 'm',
        });
        direct.push({
          kind: 'foreign-key',
          table: b.ref,
          foreignTable: a.ref,
          isSelf,
          constraint: fk.constraint,
          columns: columns.map(([x, y]) => [y, x]),
          cardinality: fk.toOne ? 'one-to-one' : 'one-to-many',
          foreignTableIsView: a.kind === 'v' || a.kind === 'm',
        });
      }
    }
  }

  // 3. Many-to-many through a junction whose primary key covers both foreign keys. A view that exposes
  //    all of a table's primary-key columns has that key too (as PostgREST infers), so it can be a junction.
  const manyToMany: ManyToManyRelationship[] = [];
  const primaryKeys = new Map<string, string[]>();
  const pkAttnums = new Map<string, readonly number[]>();
  for (const cls of intro.classes) {
    const pk = cls.getConstraints().find((c) => c.contype === 'p');
    if (pk && (cls.relkind === 'r' || cls.relkind === 'p')) {
      primaryKeys.set(
        qualifiedKey(cls.getNamespace()?.nspname ?? '', cls.relname),
        (pk.getAttributes() ?? []).map((a) => a.attname),
      );
      pkAttnums.set(cls._id, pk.conkey ?? []);
    }
  }
  for (const [viewOid, columns] of viewSources) {
    const view = relations.get(viewOid)!;
    const sourceOids = new Set([...columns.values()].map((s) => s.oid));
    for (const oid of sourceOids) {
      const key = pkAttnums.get(oid);
      if (!key || key.length === 0) continue;
      const names = key.map((attnum) => [...columns].find(([, s]) => s.oid === oid && s.attnum === attnum)?.[0]);
      if (names.every((n) => n !== undefined)) {
        primaryKeys.set(
          qualifiedKey(view.ref.schema, view.ref.name),
          names.map((n) => view.attnames.get(n!)!),
        );
        break;
      }
    }
  }
  const exposedSchemas = new Set(schemas);
  const fromJunction = new Map<string, ForeignKeyRelationship[]>();
  for (const rel of direct) {
    if (rel.cardinality !== 'many-to-one') continue;
    const key = qualifiedKey(rel.table.schema, rel.table.name);
    const pk = primaryKeys.get(key);
    if (!pk || !rel.columns.every(([c]) => pk.includes(c))) continue;
    fromJunction.set(key, [...(fromJunction.get(key) ?? []), rel]);
  }
  // A junction in an unexposed schema is not used where a view of it in an exposed schema stands in.
  const oidByKey = new Map([...relations].map(([oid, info]) => [qualifiedKey(info.ref.schema, info.ref.name), oid]));
  const shownByExposedViews = new Set<string>();
  for (const key of fromJunction.keys()) {
    const view = viewSources.get(oidByKey.get(key) ?? '');
    if (!view || !exposedSchemas.has(relations.get(oidByKey.get(key)!)!.ref.schema)) continue;
    for (const source of view.values()) {
      const base = relations.get(source.oid)!.ref;
      shownByExposedViews.add(qualifiedKey(base.schema, base.name));
    }
  }
  for (const [key, rels] of fromJunction) {
    if (shownByExposedViews.has(key) && !exposedSchemas.has(rels[0]!.table.schema)) continue;
    for (const r1 of rels) {
      for (const r2 of rels) {
        if (r1 === r2 || r1.constraint === r2.constraint) continue;
        manyToMany.push({
          kind: 'many-to-many',
          table: r1.foreignTable,
          foreignTable: r2.foreignTable,
          isSelf: r1.foreignTable.schema === r2.foreignTable.schema && r1.foreignTable.name === r2.foreignTable.name,
          cardinality: 'many-to-many',
          junction: { table: r1.table, constraint1: r1.constraint, constraint2: r2.constraint, sourceColumns: r1.columns, targetColumns: r2.columns },
        });
      }
    }
  }

  // 4. Computed relationships: f(row of T) returns [setof] R, in an exposed schema.
  const exposed = new Set(schemas);
  const computed: ComputedRelationship[] = [];
  for (const proc of intro.procs) {
    const schema = proc.getNamespace()?.nspname ?? '';
    if (!exposed.has(schema) || proc.prokind !== 'f') continue;
    const args = proc.getArguments();
    if (args.length !== 1 || (proc.proargmodes && proc.proargmodes.some((m) => m !== 'i'))) continue;
    const argClass = args[0]!.type?.getClass();
    const retClass = proc.getReturnType()?.getClass();
    if (!argClass || !retClass || !relations.has(argClass._id) || !relations.has(retClass._id)) continue;
    const table = relations.get(argClass._id)!.ref;
    const foreignTable = relations.get(retClass._id)!.ref;
    computed.push({
      kind: 'computed',
      function: { schema, name: proc.proname },
      table,
      foreignTable,
      isSelf: argClass._id === retClass._id,
      toOne: !proc.proretset || Number(proc.prorows) === 1,
    });
  }

  const result = new Map<string, Relationship[]>();
  const add = (rel: Relationship) => {
    if (!exposed.has(rel.table.schema) || rel.table.schema !== rel.foreignTable.schema) return;
    const key = qualifiedKey(rel.table.schema, rel.table.name);
    result.set(key, [...(result.get(key) ?? []), rel]);
  };
  // A computed relationship named like a related table replaces the detected ones to it.
  const overridden = new Set(computed.map((c) => `${qualifiedKey(c.table.schema, c.table.name)}\u0000${c.function.schema}\u0000${c.function.name}`));
  for (const rel of [...direct, ...manyToMany]) {
    if (!overridden.has(`${qualifiedKey(rel.table.schema, rel.table.name)}\u0000${rel.foreignTable.schema}\u0000${rel.foreignTable.name}`)) add(rel);
  }
  for (const rel of computed) add(rel);
  return result;
}

/** view OID → (view attnum → base table column), following views over views. */
function resolveViewSources(
  relations: Map<string, RelationInfo>,
  viewActions: Record<string, string>,
): Map<string, Map<number, { oid: string; attnum: number }>> {
  const direct = new Map<string, Map<number, { oid: string; attnum: number }>>();
  for (const [oid, action] of Object.entries(viewActions)) {
    if (!relations.has(oid)) continue;
    const columns = new Map<number, { oid: string; attnum: number }>();
    for (const o of viewColumnOrigins(action)) columns.set(o.viewColumn, { oid: o.sourceOid, attnum: o.sourceColumn });
    direct.set(oid, columns);
  }
  const resolved = new Map<string, Map<number, { oid: string; attnum: number }>>();
  for (const [oid, columns] of direct) {
    const out = new Map<number, { oid: string; attnum: number }>();
    for (const [attnum, source] of columns) {
      let current: { oid: string; attnum: number } | undefined = source;
      for (let depth = 0; current && direct.has(current.oid) && depth < MAX_VIEW_DEPTH; depth++) {
        current = direct.get(current.oid)!.get(current.attnum);
      }
      if (current && relations.has(current.oid) && !direct.has(current.oid)) out.set(attnum, current);
    }
    resolved.set(oid, out);
  }
  return resolved;
}
