// GET / : an OpenAPI 2.0 description of the exposed schema, built from the schema cache (as PostgREST does).
import type { Column, Routine, SchemaCache, Table, TypeRef } from '../schema/types.ts';

type JsonObject = Record<string, unknown>;

/** Swagger type/format for a Postgres type, following PostgREST's mapping. */
function swaggerType(type: TypeRef): JsonObject {
  if (type.category === 'A') return { type: 'array', items: { type: 'string' }, format: type.display };
  switch (type.name) {
    case 'int2':
    case 'int4':
    case 'int8':
      return { type: 'integer', format: type.display };
    case 'float4':
    case 'float8':
    case 'numeric':
      return { type: 'number', format: type.display };
    case 'bool':
      return { type: 'boolean', format: type.display };
    case 'json':
    case 'jsonb':
      return { format: type.display };
    default:
      return { type: 'string', format: type.display };
  }
}

function definition(table: Table, foreignKeys: SchemaCache['foreignKeys']): JsonObject {
  const properties: Record<string, JsonObject> = {};
  for (const column of table.columns) {
    const notes: string[] = [];
    if (table.primaryKey.includes(column.name)) notes.push('This is a Primary Key.<pk/>');
    const fk = foreignKeys.find((k) => k.schema === table.schema && k.table === table.name && k.columns.includes(column.name));
    if (fk)
      notes.push(
        `This is a Foreign Key to \`${fk.refTable}.${fk.refColumns[fk.columns.indexOf(column.name)]}\`.<fk table='${fk.refTable}' column='${fk.refColumns[fk.columns.indexOf(column.name)]}'/>`,
      );
    const description = [column.comment, notes.length ? `Note:\n${notes.join('\n')}` : null].filter(Boolean).join('\n\n');
    properties[column.name] = {
      ...swaggerType(column.type),
      ...(column.defaultExpression ? { default: column.defaultExpression } : {}),
      ...(description ? { description } : {}),
    };
  }
  const required = table.columns.filter((c: Column) => !c.nullable && !c.hasDefault).map((c) => c.name);
  return { type: 'object', ...(required.length ? { required } : {}), properties, ...(table.comment ? { description: table.comment } : {}) };
}

function relationPath(table: Table): JsonObject {
  const tag = [table.name];
  const body = { name: table.name, in: 'body', required: false, schema: { $ref: `#/definitions/${table.name}` } };
  const operations: JsonObject = {
    get: {
      tags: tag,
      summary: table.comment ?? undefined,
      parameters: [
        { $ref: '#/parameters/select' },
        { $ref: '#/parameters/order' },
        { $ref: '#/parameters/range' },
        { $ref: '#/parameters/limit' },
        { $ref: '#/parameters/offset' },
      ],
      responses: {
        200: { description: 'OK', schema: { type: 'array', items: { $ref: `#/definitions/${table.name}` } } },
        206: { description: 'Partial Content' },
      },
    },
  };
  if (table.insertable)
    operations.post = { tags: tag, parameters: [body, { $ref: '#/parameters/preferPost' }], responses: { 201: { description: 'Created' } } };
  if (table.updatable)
    operations.patch = { tags: tag, parameters: [body, { $ref: '#/parameters/preferReturn' }], responses: { 204: { description: 'No Content' } } };
  if (table.deletable)
    operations.delete = { tags: tag, parameters: [{ $ref: '#/parameters/preferReturn' }], responses: { 204: { description: 'No Content' } } };
  return operations;
}

function routinePath(routine: Routine): JsonObject {
  const args = routine.parameters.filter((p) => p.mode === 'in' || p.mode === 'inout' || p.mode === 'variadic');
  const properties = Object.fromEntries(args.map((p) => [p.name, swaggerType(p.type)]));
  const required = args.filter((p) => !p.hasDefault).map((p) => p.name);
  const tag = ['(rpc) ' + routine.name];
  const post = {
    tags: tag,
    summary: routine.comment ?? undefined,
    parameters: [{ name: 'args', in: 'body', required: true, schema: { type: 'object', properties, ...(required.length ? { required } : {}) } }],
    responses: { 200: { description: 'OK' } },
  };
  if (routine.volatility === 'volatile') return { post };
  const get = {
    tags: tag,
    parameters: args.map((p) => ({ name: p.name, in: 'query', required: !p.hasDefault, ...swaggerType(p.type) })),
    responses: { 200: { description: 'OK' } },
  };
  return { get, post };
}

/** openapi-server-proxy-uri → Swagger's schemes/host/basePath (ports defaulting by scheme, as PostgREST). */
function serverFields(proxyUri: string | null): JsonObject {
  if (proxyUri === null) return { basePath: '/', schemes: ['http'] };
  const url = new URL(proxyUri);
  const scheme = url.protocol.slice(0, -1);
  const port = url.port === '' ? (scheme === 'https' ? 443 : 80) : Number(url.port);
  return { host: `${url.hostname}:${port}`, basePath: url.pathname === '' ? '/' : url.pathname, schemes: [scheme] };
}

/** openapi-security-active: an API-key style JWT definition on the Authorization header, required everywhere. */
const SECURITY = {
  securityDefinitions: {
    JWT: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'Add the token prepending "Bearer " (without quotes) to it' },
  },
  security: [{ JWT: [] }],
};

/** openapi-mode=follow-privileges: the relations and functions the request's role has privileges on. */
export interface VisibleNames {
  relations: ReadonlySet<string>;
  functions: ReadonlySet<string>;
}

/** `visible` null lists the whole schema (ignore-privileges). */
export function buildOpenApi(
  cache: SchemaCache,
  schema: string,
  version: string,
  options: { proxyUri: string | null; securityActive: boolean } = { proxyUri: null, securityActive: false },
  visible: VisibleNames | null = null,
): JsonObject {
  const tables = [...cache.tables.values()]
    .filter((t) => t.schema === schema && (visible === null || visible.relations.has(t.name)))
    .sort((a, b) => a.name.localeCompare(b.name));
  const routines = [...cache.routines.values()]
    .flat()
    .filter((r) => r.schema === schema && (visible === null || visible.functions.has(r.name)))
    .sort((a, b) => a.name.localeCompare(b.name));
  const paths: Record<string, JsonObject> = {
    '/': { get: { tags: ['Introspection'], summary: 'OpenAPI description (this document)', responses: { 200: { description: 'OK' } } } },
  };
  for (const table of tables) paths[`/${table.name}`] = relationPath(table);
  for (const routine of routines) paths[`/rpc/${routine.name}`] = routinePath(routine);
  return {
    swagger: '2.0',
    info: { title: `pg-data-api: schema ${schema}`, description: 'Generated from the database schema.', version },
    ...serverFields(options.proxyUri),
    ...(options.securityActive ? SECURITY : {}),
    consumes: ['application/json', 'application/vnd.pgrst.object+json', 'text/csv'],
    produces: ['application/json', 'application/vnd.pgrst.object+json', 'text/csv'],
    paths,
    definitions: Object.fromEntries(tables.map((t) => [t.name, definition(t, cache.foreignKeys)])),
    parameters: {
      select: { name: 'select', in: 'query', required: false, type: 'string', description: 'Filtering columns' },
      order: { name: 'order', in: 'query', required: false, type: 'string', description: 'Ordering' },
      range: { name: 'Range', in: 'header', required: false, type: 'string', description: 'Limiting and Pagination' },
      limit: { name: 'limit', in: 'query', required: false, type: 'string', description: 'Limiting and Pagination' },
      offset: { name: 'offset', in: 'query', required: false, type: 'string', description: 'Limiting and Pagination' },
      preferPost: {
        name: 'Prefer',
        in: 'header',
        required: false,
        type: 'string',
        enum: ['return=representation', 'return=minimal', 'return=headers-only', 'resolution=merge-duplicates', 'resolution=ignore-duplicates'],
      },
      preferReturn: { name: 'Prefer', in: 'header', required: false, type: 'string', enum: ['return=representation', 'return=minimal'] },
    },
  };
}
