// WHERE-clause SQL for planned conditions and logic trees; every value is a bind parameter.
import type { PlannedCondition, PlannedLogic, ResolvedField } from '../plan/types.ts';
import type { FtsOperator, SimpleOperator } from '../request/types.ts';
import { type Fragment, ident, integer, join, jsonKey, param, qualified, raw, sql } from './fragment.ts';
import { toPgArrayLiteral } from './pg-array.ts';

const SIMPLE_OPERATORS: Record<SimpleOperator, string> = {
  eq: '=',
  neq: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  like: 'LIKE',
  ilike: 'ILIKE',
  match: '~',
  imatch: '~*',
  cs: '@>',
  cd: '<@',
  ov: '&&',
  sl: '<<',
  sr: '>>',
  nxr: '&<',
  nxl: '&>',
  adj: '-|-',
  isdistinct: 'IS DISTINCT FROM',
};

const FTS_FUNCTIONS: Record<FtsOperator, string> = {
  fts: 'to_tsquery',
  plfts: 'plainto_tsquery',
  phfts: 'phraseto_tsquery',
  wfts: 'websearch_to_tsquery',
};

const IS_VALUES = { null: 'NULL', not_null: 'NOT NULL', true: 'TRUE', false: 'FALSE', unknown: 'UNKNOWN' } as const;

/** Array ('A') and composite ('C') columns are walked as JSON, like PostgREST's to_jsonb coercion. */
const WALKED_AS_JSON = new Set(['A', 'C']);

/**
 * `"alias"."col"->$1::text->>$2::text`: keys are bind values, array indexes validated integers.
 * An arrow path on an array or composite column (`langs->0`, `location->>lat`) walks `to_jsonb(col)`.
 */
export function fieldSql(tableAlias: string, field: ResolvedField): Fragment {
  let expr = field.computed
    ? // The row is cast to the function's argument type, so a CTE source (writes, RPC) fits too.
      sql`${qualified(field.computed.function.schema, field.computed.function.name)}(${ident(tableAlias)}::${qualified(field.computed.rowType.schema, field.computed.rowType.name)})`
    : sql`${ident(tableAlias)}.${ident(field.column.name)}`;
  if (field.jsonPath.length > 0 && WALKED_AS_JSON.has(field.column.type.category)) expr = sql`to_jsonb(${expr})`;
  for (const step of field.jsonPath) {
    const key = typeof step.key === 'number' ? integer(step.key) : jsonKey(step.key);
    expr = step.arrow === '->' ? sql`${expr}->${key}` : sql`${expr}->>${key}`;
  }
  return expr;
}

export function conditionSql(tableAlias: string, condition: PlannedCondition): Fragment {
  const column = fieldSql(tableAlias, condition.field);
  const op = condition.operation;
  let expr: Fragment;
  switch (op.kind) {
    case 'simple':
      expr = sql`${column} ${raw(SIMPLE_OPERATORS[op.operator])} ${param(op.value)}`;
      break;
    case 'quantified':
      expr = sql`${column} ${raw(SIMPLE_OPERATORS[op.operator])} ${raw(op.quantifier === 'any' ? 'ANY' : 'ALL')}(${param(toPgArrayLiteral(op.values))})`;
      break;
    case 'in':
      expr = sql`${column} = ANY(${param(toPgArrayLiteral(op.values))})`;
      break;
    case 'is':
      expr = sql`${column} IS ${raw(IS_VALUES[op.value])}`;
      break;
    case 'fts': {
      const isTsvector = condition.field.jsonPath.length === 0 && condition.field.column.type.name === 'tsvector';
      const fn = raw(FTS_FUNCTIONS[op.operator]);
      const language = op.language === null ? null : param(op.language);
      const document = isTsvector ? column : language ? sql`to_tsvector(${language}::regconfig, ${column})` : sql`to_tsvector(${column})`;
      const query = language ? sql`${fn}(${param(op.language)}::regconfig, ${param(op.value)})` : sql`${fn}(${param(op.value)})`;
      expr = sql`${document} @@ ${query}`;
      break;
    }
  }
  return condition.negated ? sql`NOT (${expr})` : expr;
}

/** Renders a logic tree; `embedNull` renders `rel=is.null` conditions (provided by the embedding SQL). */
export function logicSql(tableAlias: string, tree: PlannedLogic, embedNull: (embedId: number, isNull: boolean) => Fragment): Fragment {
  switch (tree.kind) {
    case 'condition':
      return conditionSql(tableAlias, tree.condition);
    case 'embed-null':
      return embedNull(tree.embedId, tree.isNull);
    case 'expr': {
      const parts = tree.children.map((child) => logicSql(tableAlias, child, embedNull));
      const identity = tree.operator === 'and' ? 'TRUE' : 'FALSE';
      const body = parts.length === 0 ? raw(identity) : join(parts, tree.operator === 'and' ? ' AND ' : ' OR ');
      return tree.negated ? sql`NOT (${body})` : sql`(${body})`;
    }
  }
}
