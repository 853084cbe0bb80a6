// Filter values: `[not.]op[(any|all)].value`, `in.(…)`, `is.null`, `fts(lang).…` → Operation.
import type { Condition, FtsOperator, IsValue, Operation, QuantifiableOperator, SimpleOperator } from './types.ts';
import { Cursor, attempt } from './parse-cursor.ts';
import { parseIdentifier, parseKeyPath, parseQuoted } from './field-grammar.ts';

const SIMPLE_ONLY = new Set<string>(['neq', 'cs', 'cd', 'ov', 'sl', 'sr', 'nxr', 'nxl', 'adj']);
const QUANTIFIABLE = new Set<string>(['eq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'match', 'imatch']);
const FTS = new Set<string>(['fts', 'plfts', 'phfts', 'wfts']);
const IS_VALUES = new Set<string>(['null', 'not_null', 'true', 'false', 'unknown']);
const OPERATOR_EXPECTED = 'operator (eq, gt, ...)';

/**
 * How a value ends. In a plain filter (`col=eq.a,b)`) the value is the rest of the parameter;
 * inside `or=(…)` it stops at `,` or `)` unless quoted or written as a `{…}` array literal.
 */
export type ValueMode = 'rest' | 'logic';

/** Parses the value side of `col=not.eq.5` (the whole parameter value). */
export function parseFilterValue(src: string): { negated: boolean; operation: Operation } {
  const c = new Cursor(src, 'filter');
  const expr = parseOpExpr(c, 'rest');
  if (!c.done) c.fail(['end of input']);
  return expr;
}

/** Parses one `key=value` query parameter as a filter condition (without its embed path). */
export function parseFilterParam(key: string, value: string): { path: string[]; condition: Condition } {
  const { path, field } = parseKeyPath(key);
  const { negated, operation } = parseFilterValue(value);
  return { path, condition: { field, negated, operation } };
}

/** True when `value` parses as an operator expression; GET /rpc uses it to tell filters from args. */
export function isOperatorExpression(value: string): boolean {
  const c = new Cursor(value, 'filter');
  return attempt(c, () => parseOpExpr(c, 'rest')) !== null && c.done;
}

export function parseOpExpr(c: Cursor, mode: ValueMode): { negated: boolean; operation: Operation } {
  const negated = c.eat('not.');
  return { negated, operation: parseOperation(c, mode) };
}

function parseOperation(c: Cursor, mode: ValueMode): Operation {
  const start = c.pos;
  const word = /^[a-z_]*/.exec(c.src.slice(c.pos, c.pos + 16))![0];
  c.pos += word.length;
  if (word === 'in') {
    expectDelimiter(c);
    return { kind: 'in', values: parseList(c) };
  }
  if (word === 'is') {
    expectDelimiter(c);
    return { kind: 'is', value: parseIsValue(c, mode) };
  }
  if (word === 'isdistinct') {
    expectDelimiter(c);
    return { kind: 'simple', operator: 'isdistinct', value: parseValue(c, mode) };
  }
  if (FTS.has(word)) {
    let language: string | null = null;
    if (c.eat('(')) {
      language = parseIdentifier(c);
      c.expect(')');
    }
    expectDelimiter(c);
    return { kind: 'fts', operator: word as FtsOperator, language, value: parseValue(c, mode) };
  }
  if (SIMPLE_ONLY.has(word)) {
    expectDelimiter(c);
    return { kind: 'simple', operator: word as SimpleOperator, value: parseValue(c, mode) };
  }
  if (QUANTIFIABLE.has(word)) {
    const operator = word as QuantifiableOperator;
    const quantifier = parseQuantifier(c);
    expectDelimiter(c);
    const valueStart = c.pos;
    const raw = parseValue(c, mode);
    if (quantifier === null) return { kind: 'simple', operator, value: likePattern(operator, raw) };
    const values = parseArrayLiteral(raw, c, valueStart).map((v) => likePattern(operator, v));
    return { kind: 'quantified', operator, quantifier, values };
  }
  const found = word || (c.peek() ?? '');
  c.pos = start;
  if (found === '') c.fail(['"not"', OPERATOR_EXPECTED]);
  c.failWith(`unknown operator ${JSON.stringify(found)} expecting "not" or ${OPERATOR_EXPECTED}`, start);
}

function expectDelimiter(c: Cursor): void {
  if (!c.eat('.')) c.fail(['delimiter (.)']);
}

function parseQuantifier(c: Cursor): 'any' | 'all' | null {
  if (c.eat('(any)')) return 'any';
  if (c.eat('(all)')) return 'all';
  if (c.peek() === '(') c.fail(['"(any)"', '"(all)"']);
  return null;
}

/** `like`/`ilike` patterns use `*` as the URL-safe spelling of `%`. */
function likePattern(operator: string, value: string): string {
  return operator === 'like' || operator === 'ilike' ? value.replaceAll('*', '%') : value;
}

function parseIsValue(c: Cursor, mode: ValueMode): IsValue {
  const start = c.pos;
  const raw = parseValue(c, mode).toLowerCase();
  if (!IS_VALUES.has(raw)) c.failWith(`unexpected ${JSON.stringify(c.src.slice(start, c.pos))} expecting null, not_null, true, false or unknown`, start);
  return raw as IsValue;
}

/** One scalar value; see ValueMode. */
export function parseValue(c: Cursor, mode: ValueMode): string {
  if (mode === 'rest') return c.rest();
  const quoted = parseQuotedItem(c);
  if (quoted !== null) return quoted;
  if (c.peek() === '{') {
    const close = c.src.indexOf('}', c.pos);
    const inner = close === -1 ? '' : c.src.slice(c.pos + 1, close);
    if (close !== -1 && !inner.includes('{')) {
      const text = c.src.slice(c.pos, close + 1);
      c.pos = close + 1;
      return text;
    }
  }
  return readUntilListEnd(c);
}

/** A `"quoted"` item counts only when a `,` or `)` (or the end) follows its closing quote. */
function parseQuotedItem(c: Cursor): string | null {
  if (c.peek() === '"') {
    const quoted = attempt(c, () => {
      const text = parseQuoted(c);
      if (!c.done && c.peek() !== ',' && c.peek() !== ')') c.fail(['","', '")"']);
      return text;
    });
    if (quoted !== null) return quoted;
  }
  return null;
}

function readUntilListEnd(c: Cursor): string {
  const start = c.pos;
  while (!c.done && c.peek() !== ',' && c.peek() !== ')') c.pos++;
  return c.src.slice(start, c.pos);
}

/** `(a,"b,c", d)` → ['a', 'b,c', ' d']; items are kept verbatim (PostgREST does not trim). */
export function parseList(c: Cursor): string[] {
  c.skipWs();
  if (!c.eat('(')) c.fail(['"("']);
  c.skipWs();
  // `in.()` is the empty list (postgrest-js sends it for `.in('col', [])`); it matches nothing.
  if (c.eat(')')) {
    c.skipWs();
    return [];
  }
  const items: string[] = [];
  do {
    items.push(parseQuotedItem(c) ?? readUntilListEnd(c));
  } while (c.eat(','));
  c.skipWs();
  if (!c.eat(')')) c.fail(['","', '")"']);
  c.skipWs();
  return items;
}

/**
 * A Postgres array literal `{a,"b,c",\"}` as used by `eq(any).{…}`: items are trimmed unless
 * quoted, `\` escapes the next character. Nested arrays are not supported.
 */
export function parseArrayLiteral(raw: string, c: Cursor, at: number): string[] {
  const text = raw.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) c.failWith(`unexpected ${JSON.stringify(raw)} expecting a list like {a,b}`, at);
  const inner = text.slice(1, -1);
  if (inner.trim() === '') return [];
  const items: string[] = [];
  let i = 0;
  for (;;) {
    while (inner[i] === ' ' || inner[i] === '\t') i++;
    let item = '';
    if (inner[i] === '"') {
      i++;
      while (i < inner.length && inner[i] !== '"') {
        if (inner[i] === '\\') i++;
        item += inner[i] ?? '';
        i++;
      }
      if (inner[i] !== '"') c.failWith('unterminated quoted item in list', at);
      i++;
      while (inner[i] === ' ' || inner[i] === '\t') i++;
    } else {
      while (i < inner.length && inner[i] !== ',') {
        if (inner[i] === '{' || inner[i] === '}') c.failWith('nested lists are not supported', at);
        if (inner[i] === '\\') i++;
        item += inner[i] ?? '';
        i++;
      }
      item = item.trim();
    }
    items.push(item);
    if (i >= inner.length) return items;
    if (inner[i] !== ',') c.failWith(`unexpected ${JSON.stringify(inner[i])} in list expecting ","`, at);
    i++;
  }
}
