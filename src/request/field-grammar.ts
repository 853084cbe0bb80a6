// Field names, quoted identifiers and JSON paths (`data->a->>0`): the pieces every grammar shares.
import type { Field, JsonStep } from './types.ts';
import { Cursor } from './parse-cursor.ts';

export const FIELD_NAME_EXPECTED = 'field name (* or [a..z0..9_$])';

/** Letters (any script), ASCII digits, `_`, `$` and space, like PostgREST's pIdentifierChar. */
const IDENTIFIER_CHAR = /[\p{L}0-9_ $]/u;
/** Characters that end an unquoted JSON key: they are syntax in select/order/logic. */
const JSON_KEY_STOP = new Set(['(', '-', ':', '.', ',', '>', ')']);

/** `"my col"` with `\"` and `\\` escapes; the cursor is on the opening quote. */
export function parseQuoted(c: Cursor): string {
  c.pos++;
  let out = '';
  for (;;) {
    const ch = c.peek();
    if (ch === undefined) c.fail(['closing quote "\\""'], c.pos);
    c.pos++;
    if (ch === '"') return out;
    if (ch === '\\') {
      const next = c.peek();
      if (next === undefined) c.fail(['escaped character'], c.pos);
      out += next;
      c.pos++;
    } else {
      out += ch;
    }
  }
}

/** A dash joins words (`my-col`) unless it starts a JSON arrow `->`. */
function eatJoiningDash(c: Cursor): boolean {
  if (c.peek() === '-' && c.peek(1) !== '>') {
    c.pos++;
    return true;
  }
  return false;
}

/** Words made of `isWordChar`, joined by single dashes, each word trimmed of spaces. */
function parseDashedWords(c: Cursor, isWordChar: (ch: string) => boolean, expected: string): string {
  const words: string[] = [];
  do {
    const start = c.pos;
    while (!c.done && isWordChar(c.peek()!)) c.pos++;
    const word = c.src.slice(start, c.pos).trim();
    // Blanks alone are not a name (`select= ,id`); they are only trimmed around one.
    if (word === '') c.fail([expected], start);
    words.push(word);
  } while (eatJoiningDash(c));
  return words.join('-');
}

/** A column/relation/alias name: quoted, or identifier characters joined by dashes. */
export function parseFieldName(c: Cursor): string {
  if (c.peek() === '"') return parseQuoted(c);
  return parseDashedWords(c, (ch) => IDENTIFIER_CHAR.test(ch), FIELD_NAME_EXPECTED);
}

/** A cast target or fts language: identifier characters only, trimmed. */
export function parseIdentifier(c: Cursor): string {
  const start = c.pos;
  while (!c.done && IDENTIFIER_CHAR.test(c.peek()!)) c.pos++;
  if (c.pos === start) c.fail(['letter or digit']);
  return c.src.slice(start, c.pos).trim();
}

/** An array index ends where the next token begins; otherwise `->1a` is a key. */
function atIndexEnd(c: Cursor): boolean {
  return c.done || c.startsWith('->') || c.startsWith('::') || c.peek() === '.' || c.peek() === ',' || c.peek() === ')';
}

function parseJsonStep(c: Cursor): JsonStep | null {
  let arrow: JsonStep['arrow'];
  if (c.eat('->>')) arrow = '->>';
  else if (c.eat('->')) arrow = '->';
  else return null;
  const match = /^-?[0-9]+/.exec(c.src.slice(c.pos, c.pos + 32));
  if (match) {
    const save = c.pos;
    c.pos += match[0].length;
    const index = Number(match[0]);
    if (atIndexEnd(c) && Number.isSafeInteger(index)) return { arrow, key: index };
    c.pos = save;
  }
  if (c.peek() === '"') return { arrow, key: parseQuoted(c) };
  const key = parseDashedWords(c, (ch) => !JSON_KEY_STOP.has(ch), 'JSON key or array index');
  return { arrow, key };
}

export function parseJsonPath(c: Cursor): JsonStep[] {
  const path: JsonStep[] = [];
  for (let step = parseJsonStep(c); step; step = parseJsonStep(c)) path.push(step);
  return path;
}

/** `name` followed by an optional JSON path, with surrounding blanks skipped. */
export function parseField(c: Cursor): Field {
  c.skipWs();
  const name = parseFieldName(c);
  const jsonPath = parseJsonPath(c);
  c.skipWs();
  return { name, jsonPath };
}

/**
 * A filter/order/limit key: `col`, `tasks.col`, `tasks.tags.data->a`. The last name is the
 * field, the ones before it the embed path.
 */
export function parseKeyPath(key: string): { path: string[]; field: Field } {
  const c = new Cursor(key, 'tree path');
  const names = [parseFieldName(c)];
  while (c.eat('.')) names.push(parseFieldName(c));
  const jsonPath = parseJsonPath(c);
  if (!c.done) c.fail(['"->"', '"->>"', 'delimiter (.)', 'end of input']);
  const name = names.pop()!;
  return { path: names, field: { name, jsonPath } };
}

/** `a,b, c` for `columns=` and `on_conflict=`. */
export function parseColumnList(src: string, what: string): string[] {
  const c = new Cursor(src, what);
  const names: string[] = [];
  do {
    c.skipWs();
    names.push(parseFieldName(c));
    c.skipWs();
  } while (c.eat(','));
  if (!c.done) c.fail(['","', 'end of input']);
  return names;
}
