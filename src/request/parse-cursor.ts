// A position in one query-string value plus PostgREST-style PGRST100 parse errors.
import { ApiError } from '../errors/api-error.ts';
import { parseError } from '../errors/request-errors.ts';

/** Thrown instead of an ApiError while an `attempt` is exploring an alternative: no message, no stack trace. */
const BACKTRACK = Object.freeze({ backtrack: true });

/**
 * A tiny hand-written scanner. Every grammar in request/ walks its input with one of these so
 * that error messages share PostgREST's shape:
 *   message: "failed to parse select parameter (a,b[)" (line 1, column 4)
 *   details: unexpected "[" expecting "," or end of input
 */
export class Cursor {
  pos = 0;
  /** How many `attempt`s are active on this cursor; their failures only rewind, so they need no error object. */
  speculating = 0;

  /** `what` names the parameter in the error message, e.g. `select parameter` or `filter`. */
  constructor(
    readonly src: string,
    readonly what: string,
  ) {}

  get done(): boolean {
    return this.pos >= this.src.length;
  }

  peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  startsWith(text: string): boolean {
    return this.src.startsWith(text, this.pos);
  }

  /** Consumes `text` if it is next; returns whether it did. */
  eat(text: string): boolean {
    if (!this.startsWith(text)) return false;
    this.pos += text.length;
    return true;
  }

  expect(text: string): void {
    if (!this.eat(text)) this.fail([`"${text}"`]);
  }

  /** Spaces and tabs around list items are insignificant (PostgREST's `lexeme`). */
  skipWs(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }

  rest(): string {
    const text = this.src.slice(this.pos);
    this.pos = this.src.length;
    return text;
  }

  /** Throws PGRST100 saying what was found at `at` and what would have been accepted. */
  fail(expected: string[], at = this.pos): never {
    if (this.speculating > 0) throw BACKTRACK;
    const found = at >= this.src.length ? 'end of input' : JSON.stringify(this.src[at]);
    this.failWith(`unexpected ${found}${expected.length ? ` expecting ${joinOr(expected)}` : ''}`, at);
  }

  failWith(details: string, at = this.pos): never {
    // Building an Error (stack trace included) costs microseconds; a failed alternative is routine.
    if (this.speculating > 0) throw BACKTRACK;
    throw parseError(`"failed to parse ${this.what} (${this.src})" (line 1, column ${at + 1})`, details);
  }
}

function joinOr(items: string[]): string {
  if (items.length === 1) return items[0]!;
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/**
 * Runs `parse`; if it throws a parse error, rewinds the cursor and returns null. This is the
 * backtracking `try` of the PostgREST grammar, used where two alternatives share a prefix.
 */
export function attempt<T>(cursor: Cursor, parse: () => T): T | null {
  const start = cursor.pos;
  cursor.speculating++;
  try {
    return parse();
  } catch (error) {
    if (error === BACKTRACK || (error instanceof ApiError && error.code === 'PGRST100')) {
      cursor.pos = start;
      return null;
    }
    throw error;
  } finally {
    cursor.speculating--;
  }
}
