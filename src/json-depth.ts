// JSON nesting depth, measured on the text before parsing: deep input would overflow the stack of JSON.stringify and recursive walks.

/** Request bodies and token claims may nest at most this deep (PostgreSQL's own json parser allows far more). */
export const MAX_JSON_DEPTH = 1000;

/**
 * True when `text` opens more than `max` arrays/objects at once. One linear pass, no recursion;
 * brackets inside strings (including escaped quotes) are skipped. Invalid JSON is left to JSON.parse.
 */
export function jsonDepthExceeds(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}
