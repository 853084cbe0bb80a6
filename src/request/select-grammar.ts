// The `select=` parameter: fields, aliases, casts, JSON paths, aggregates and embeds → SelectItem[].
import type { AggregateFunction, SelectItem } from './types.ts';
import { Cursor, attempt } from './parse-cursor.ts';
import { parseFieldName, parseIdentifier, parseJsonPath } from './field-grammar.ts';

const AGGREGATES = new Set<string>(['count', 'sum', 'avg', 'min', 'max']);
/** Deep nesting is legitimate only to a point; this bounds recursion on hostile input. */
const MAX_EMBED_DEPTH = 64;

type EmbedItem = Extract<SelectItem, { kind: 'embed' }>;

/** Parses a `select=` value. An empty string selects nothing (PostgREST returns `{}` rows). */
export function parseSelect(src: string): SelectItem[] {
  const c = new Cursor(src, 'select parameter');
  const items = parseForest(c, 0);
  if (!c.done) c.fail(['","', 'end of input']);
  return items;
}

function parseForest(c: Cursor, depth: number): SelectItem[] {
  if (depth > MAX_EMBED_DEPTH) c.failWith(`embedding is nested deeper than ${MAX_EMBED_DEPTH} levels`);
  c.skipWs();
  if (c.done || c.peek() === ')') return [];
  const items: SelectItem[] = [];
  do {
    items.push(parseItem(c, depth));
    c.skipWs();
  } while (c.eat(','));
  return items;
}

function parseItem(c: Cursor, depth: number): SelectItem {
  c.skipWs();
  if (c.eat('...')) return parseEmbedRest(c, depth, parseFieldName(c), null, true);

  const alias = parseAlias(c);
  if (alias === null && c.eat('*')) {
    expectItemEnd(c, []);
    return { kind: 'star' };
  }
  if (c.eat('count()')) {
    const aggregateCast = parseCast(c);
    expectItemEnd(c, ['"::"']);
    return { kind: 'field', field: null, alias, cast: null, aggregate: { fn: 'count', cast: aggregateCast } };
  }

  const nameAt = c.pos;
  const name = parseFieldName(c);
  if (c.peek() === '(' || c.peek() === '!') {
    if (name === 'count') c.failWith('"count" is an aggregate; use count() or name the relation with a hint', nameAt);
    return parseEmbedRest(c, depth, name, alias, false);
  }
  const jsonPath = parseJsonPath(c);
  c.skipWs();
  const cast = parseCast(c);
  const aggregate = parseAggregate(c);
  expectItemEnd(c, ['"->"', '"->>"', '"::"', '"."', '"("']);
  return { kind: 'field', field: { name, jsonPath }, alias, cast, aggregate };
}

/** `alias:` before a field or embed; `::` is a cast, not an alias separator. */
function parseAlias(c: Cursor): string | null {
  return attempt(c, () => {
    const name = parseFieldName(c);
    if (c.peek() !== ':' || c.peek(1) === ':') c.fail(['":"']);
    c.pos++;
    c.skipWs();
    return name;
  });
}

function parseCast(c: Cursor): string | null {
  return c.eat('::') ? parseIdentifier(c) : null;
}

/** `.sum()`, `.avg()::int`, …: returns null when no aggregate follows. */
function parseAggregate(c: Cursor): { fn: AggregateFunction; cast: string | null } | null {
  if (c.peek() !== '.') return null;
  const at = c.pos;
  const match = /^\.([a-z]+)\(\)/.exec(c.src.slice(c.pos, c.pos + 10));
  if (!match || !AGGREGATES.has(match[1]!)) c.fail(['aggregate (count(), sum(), avg(), min(), max())'], at + 1);
  c.pos += match[0].length;
  return { fn: match[1] as AggregateFunction, cast: parseCast(c) };
}

function expectItemEnd(c: Cursor, alternatives: string[]): void {
  c.skipWs();
  if (!c.done && c.peek() !== ',' && c.peek() !== ')') c.fail([...alternatives, '")"', '","', 'end of input']);
}

/** `!hint`, `!inner`, `!left` (at most two), then `(children)`. */
function parseEmbedRest(c: Cursor, depth: number, relation: string, alias: string | null, spread: boolean): EmbedItem {
  let hint: string | null = null;
  let joinType: EmbedItem['joinType'] = null;
  for (let i = 0; i < 2 && c.eat('!'); i++) {
    const at = c.pos;
    const word = parseFieldName(c);
    if (word === 'inner' || word === 'left') {
      if (joinType !== null) c.failWith('only one join type (!inner or !left) is allowed', at);
      joinType = word;
    } else {
      if (hint !== null) c.failWith('only one hint is allowed', at);
      hint = word;
    }
  }
  if (!c.eat('(')) c.fail(hint === null && joinType === null ? ['"!"', '"("'] : ['"("']);
  const children = parseForest(c, depth + 1);
  if (!c.eat(')')) c.fail(['","', '")"']);
  return { kind: 'embed', relation, alias, hint, joinType, spread, children };
}
