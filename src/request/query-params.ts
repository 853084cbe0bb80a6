// The raw query string: split, percent-decode, and route each key to its grammar.
import type { Filter, LogicFilter, OrderSpec, RpcQueryArg, SelectItem } from './types.ts';
import { parseColumnList, parseKeyPath } from './field-grammar.ts';
import { isOperatorExpression, parseFilterParam } from './filter-grammar.ts';
import { parseLogicParam } from './logic-grammar.ts';
import { parseOrder } from './order-grammar.ts';
import { parseSelect } from './select-grammar.ts';
import { parseError } from '../errors/request-errors.ts';

/** Keys that are never filters. `select`, `columns`, `on_conflict` apply to the top level only. */
const TOP_LEVEL_KEYS = new Set(['select', 'columns', 'on_conflict']);
/** Keys whose last dotted word makes them a per-embed setting: `tasks.order`, `tasks.not.or`. */
const EMBEDDABLE_KEYS = new Set(['order', 'limit', 'offset', 'and', 'or']);

/** `limit`/`offset` still as text, keyed by embed path; range.ts turns them into RangeSpecs. */
export interface RawPaging {
  path: string[];
  limit: string | null;
  offset: string | null;
}

export interface QueryParams {
  /** null when `select` is absent (the caller defaults to `*`). */
  select: SelectItem[] | null;
  filters: Filter[];
  logic: LogicFilter[];
  order: OrderSpec[];
  paging: RawPaging[];
  columns: string[] | null;
  onConflict: string[] | null;
  rpcQueryArgs: RpcQueryArg[];
}

/**
 * Percent-decodes one key or value. `+` is a space (as in PostgREST and URLSearchParams); a
 * malformed `%` escape is kept literally and invalid UTF-8 becomes U+FFFD, so decoding never
 * throws on hostile input.
 */
export function decodeComponent(text: string): string {
  const plus = text.replaceAll('+', ' ');
  if (!plus.includes('%')) return plus;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < plus.length; i++) {
    const ch = plus[i]!;
    if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(plus.slice(i + 1, i + 3))) {
      bytes.push(parseInt(plus.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const code = plus.codePointAt(i)!;
      if (code > 0xffff) i++;
      bytes.push(...encoder.encode(String.fromCodePoint(code)));
    }
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(new Uint8Array(bytes));
}

/**
 * Splits on `&` only; a raw `;` is data (PostgREST's http-types also splits on `;`, but the
 * WHATWG URL rules that browsers and postgrest-js follow do not). A key without `=` is
 * ignored, as PostgREST ignores parameters without a value.
 */
export function splitQuery(rawQuery: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of rawQuery.replace(/^\?/, '').split('&')) {
    const eq = part.indexOf('=');
    if (part === '' || eq === -1) continue;
    const key = decodeComponent(part.slice(0, eq));
    const value = decodeComponent(part.slice(eq + 1));
    if (key.includes('\0') || value.includes('\0')) {
      throw parseError(`"failed to parse query parameter (${key})"`, 'NUL bytes are not allowed in query parameters');
    }
    pairs.push([key, value]);
  }
  return pairs;
}

function lastWord(key: string): string {
  return key.slice(key.lastIndexOf('.') + 1);
}

/**
 * Routes every parameter. For GET/HEAD on a function (`rpcRead`), a parameter with a plain key
 * becomes a named argument in `rpcQueryArgs` whatever its value; if its value also parses as an
 * operator expression it is a filter on the result as well, and the planner keeps the one that
 * matches the function's signature. Values that are not operator expressions are not errors
 * there, because `?name=alice` is an ordinary argument.
 */
export function parseQueryParams(rawQuery: string, rpcRead: boolean): QueryParams {
  const result: QueryParams = {
    select: null,
    filters: [],
    logic: [],
    order: [],
    paging: [],
    columns: null,
    onConflict: null,
    rpcQueryArgs: [],
  };
  const paging = new Map<string, RawPaging>();
  const seenTopLevel = new Set<string>();

  for (const [key, value] of splitQuery(rawQuery)) {
    if (TOP_LEVEL_KEYS.has(key)) {
      // The first occurrence wins, as PostgREST's lookup does.
      if (seenTopLevel.has(key)) continue;
      seenTopLevel.add(key);
      // An empty root select gives all columns, as in PostgREST.
      if (key === 'select') result.select = value === '' ? null : parseSelect(value);
      else if (key === 'columns') result.columns = parseColumnList(value, 'columns parameter');
      else result.onConflict = parseColumnList(value, 'on_conflict parameter');
      continue;
    }
    const word = lastWord(key);
    if (EMBEDDABLE_KEYS.has(word)) {
      if (word === 'and' || word === 'or') {
        result.logic.push(parseLogicParam(key, value));
      } else if (word === 'order') {
        result.order.push({ path: parseKeyPath(key).path, terms: parseOrder(value) });
      } else {
        const path = parseKeyPath(key).path;
        const id = JSON.stringify(path);
        const entry = paging.get(id) ?? { path, limit: null, offset: null };
        entry[word as 'limit' | 'offset'] = value; // the last occurrence wins
        paging.set(id, entry);
      }
      continue;
    }
    if (rpcRead && !key.includes('.') && !key.includes('->')) {
      const alsoFilter = isOperatorExpression(value);
      result.rpcQueryArgs.push([key, value, alsoFilter]);
      if (!alsoFilter) continue;
    }
    const { path, condition } = parseFilterParam(key, value);
    result.filters.push({ path, ...condition });
  }
  result.paging = [...paging.values()];
  return result;
}
