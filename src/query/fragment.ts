// Tiny SQL builder: trusted template text + bind parameters + quoted identifiers → a branded Statement.
//
// The rule: request text reaches SQL only as a `$n` bind value (param, jsonKey) or as an identifier the
// planner resolved from the schema cache (ident, qualified → quoteIdent). There is no string-literal
// helper on purpose: literal quoting depends on standard_conforming_strings, bind values do not.
import { quoteIdent, quoteQualified } from './quote.ts';

const STATEMENT = Symbol('Statement');

/** A complete SQL statement with its bind values. Only `toStatement` can create one. */
export interface Statement {
  readonly text: string;
  readonly values: readonly unknown[];
  readonly [STATEMENT]: true;
}

class Param {
  constructor(readonly value: unknown) {}
}

/** A JSON path key: one `$n::text` per distinct key in a statement, so `col->$1` in SELECT matches GROUP BY. */
class JsonKeyParam extends Param {}

/** Text, a parameter, or a nested fragment: nesting is kept as a tree and flattened once by toStatement. */
type Chunk = string | Param | SqlFragment;

/** A piece of SQL: text chunks (trusted) interleaved with parameters. Not exported: made only by the helpers below. */
class SqlFragment {
  constructor(readonly chunks: readonly Chunk[]) {}
  get isEmpty(): boolean {
    return this.chunks.every((c) => c === '' || (c instanceof SqlFragment && c.isEmpty));
  }
}

export type Fragment = SqlFragment;

export type FragmentInput = Fragment | Param;

/** Template tag: literal text is trusted; interpolations must be Fragments or params. */
export function sql(strings: TemplateStringsArray, ...args: FragmentInput[]): Fragment {
  const chunks: Chunk[] = [strings[0]!];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!(arg instanceof SqlFragment) && !(arg instanceof Param)) throw new TypeError('sql`` interpolations must be Fragments or params');
    chunks.push(arg, strings[i + 1]!);
  }
  return new SqlFragment(chunks);
}

/** A bind parameter; becomes `$n`. */
export const param = (value: unknown): Param => new Param(value);

/**
 * The one escape hatch (postgres.js's `unsafe`): text spliced into SQL as is. Only for keywords and
 * operators chosen from this folder's constant tables, and catalog text (column default expressions);
 * never request text.
 */
export const raw = (text: string): Fragment => new SqlFragment([text]);

export const ident = (name: string): Fragment => new SqlFragment([quoteIdent(name)]);
export const qualified = (schema: string, name: string): Fragment => new SqlFragment([quoteQualified(schema, name)]);
/**
 * A JSON object key (`col->$1::text`). Unnamed statements and custom plans fold bound values into
 * constants, so expression indexes on `col->>'key'` still match.
 */
export const jsonKey = (key: string): Param => new JsonKeyParam(key);
/** An integer constant (JSON array index); validated so it cannot carry SQL. */
export const integer = (value: number): Fragment => {
  if (!Number.isSafeInteger(value)) throw new TypeError('integer() needs a safe integer');
  return new SqlFragment([String(value)]);
};
export const empty: Fragment = new SqlFragment([]);

export function join(items: readonly Fragment[], separator: string): Fragment {
  const chunks: Chunk[] = [];
  items.forEach((item, i) => {
    if (i > 0) chunks.push(separator);
    chunks.push(item);
  });
  return new SqlFragment(chunks);
}

/** Numbers parameters $1..$n and freezes the result. */
export function toStatement(fragment: Fragment): Statement {
  const parts: string[] = [];
  const values: unknown[] = [];
  const keyNumbers = new Map<unknown, number>();
  const walk = (node: Fragment): void => {
    for (const chunk of node.chunks) {
      if (typeof chunk === 'string') parts.push(chunk);
      else if (chunk instanceof JsonKeyParam) {
        let n = keyNumbers.get(chunk.value);
        if (n === undefined) keyNumbers.set(chunk.value, (n = values.push(chunk.value)));
        parts.push('$' + n + '::text');
      } else if (chunk instanceof Param) {
        values.push(chunk.value);
        parts.push('$' + values.length);
      } else walk(chunk);
    }
  };
  walk(fragment);
  return Object.freeze({ text: parts.join(''), values: Object.freeze(values), [STATEMENT]: true as const });
}

/**
 * The same statement text with other bind values, for statements whose text depends only on their shape (made once
 * by toStatement, cached by the caller): the values must be in $n order, as many as the text has parameters.
 */
export function rebind(statement: Statement, values: readonly unknown[]): Statement {
  if (values.length !== statement.values.length) throw new TypeError(`rebind needs ${statement.values.length} values, got ${values.length}`);
  return Object.freeze({ text: statement.text, values: Object.freeze(values), [STATEMENT]: true as const });
}

/**
 * `EXPLAIN (FORMAT JSON, …) <statement>`: the statement's text and values unchanged behind a prefix made
 * only of the keywords given (the caller passes options from a constant list, never request text).
 */
export function explainStatement(statement: Statement, options: readonly string[]): Statement {
  const prefix = `EXPLAIN (${['FORMAT JSON', ...options.map((o) => `${o.toUpperCase()} TRUE`)].join(', ')}) `;
  return Object.freeze({ text: prefix + statement.text, values: statement.values, [STATEMENT]: true as const });
}
