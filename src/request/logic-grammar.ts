// Logic trees: `or=(a.eq.1,and(b.gt.2,c.is.null))`, `not.and=(…)`, `tasks.or=(…)` → LogicFilter.
import type { LogicFilter, LogicTree } from './types.ts';
import { Cursor } from './parse-cursor.ts';
import { parseField, parseFieldName } from './field-grammar.ts';
import { parseOpExpr } from './filter-grammar.ts';

/** Bounds recursion on hostile input such as 10k nested `and(`. */
const MAX_LOGIC_DEPTH = 64;

/**
 * Parses the key (`or`, `not.and`, `tasks.or`, `tasks.not.or`) and value (`(…)`) of one logic
 * parameter. `not` anywhere in the key negates the tree, as in PostgREST.
 */
export function parseLogicParam(key: string, value: string): LogicFilter {
  const k = new Cursor(key, 'logic path');
  const names = [parseFieldName(k)];
  while (k.eat('.')) names.push(parseFieldName(k));
  if (!k.done) k.fail(['delimiter (.)', 'end of input']);
  const operator = names.pop();
  if (operator !== 'and' && operator !== 'or') return k.fail(['logic operator (and, or)'], key.lastIndexOf('.') + 1);
  const negated = names.includes('not');
  const path = names.filter((name) => name !== 'not');

  const c = new Cursor(value, 'logic tree');
  const children = parseChildren(c, 0);
  if (!c.done) c.fail(['end of input']);
  return { path, tree: { kind: 'expr', operator, negated, children } };
}

/** `(tree, tree, …)` */
function parseChildren(c: Cursor, depth: number): LogicTree[] {
  if (depth > MAX_LOGIC_DEPTH) c.failWith(`logic trees are nested deeper than ${MAX_LOGIC_DEPTH} levels`);
  c.skipWs();
  if (!c.eat('(')) c.fail(['"("']);
  const children: LogicTree[] = [];
  do {
    c.skipWs();
    children.push(parseTree(c, depth));
    c.skipWs();
  } while (c.eat(','));
  if (!c.eat(')')) c.fail(['","', '")"']);
  c.skipWs();
  return children;
}

function parseTree(c: Cursor, depth: number): LogicTree {
  // `and(`, `or(`, `not.and(`, `not.or(` open a nested tree, whitespace allowed before the `(` as in
  // PostgREST; anything else is a condition `field.op.value` (so a column may still be called `and` or `or`).
  const nested = /^(not\.)?(and|or)[ \t\r\n]*\(/.exec(c.src.slice(c.pos, c.pos + 72));
  if (nested) {
    c.pos += nested[0].length - 1;
    const operator = nested[2] as 'and' | 'or';
    return { kind: 'expr', operator, negated: nested[1] !== undefined, children: parseChildren(c, depth + 1) };
  }
  const field = parseField(c);
  if (!c.eat('.')) c.fail(['delimiter (.)']);
  return { kind: 'condition', condition: { field, ...parseOpExpr(c, 'logic') } };
}
