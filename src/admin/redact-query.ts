// What a log line shows of a query string: grammar that names columns stays, every value a client sent becomes ***.

/** Parameters whose values are identifiers, numbers or fixed words, never data (also as `embed.order` etc.). */
const STRUCTURAL = new Set(['select', 'order', 'limit', 'offset', 'columns', 'on_conflict']);

/** A filter's operator prefix, e.g. `eq.`, `not.in.`, `fts(english).`, kept so a line still says what was asked. */
const OPERATOR =
  /^(?:not\.)?(?:eq|neq|gt|gte|lt|lte|like|ilike|match|imatch|in|is|isdistinct|fts|plfts|phfts|wfts|cs|cd|ov|sl|sr|nxr|nxl|adj)(?:\([A-Za-z0-9_]*\))?(?:\((?:any|all)\))?\./;
const LOGIC = /^(?:not\.)?(?:and|or)$/;

/**
 * Filter and RPC argument values may hold secrets (an email, a password passed to /rpc/login, a token):
 * they are replaced with `***`. Keys and operators stay. Decoding never happens here, so the line shows
 * the parameter names as sent.
 */
export function redactQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  return rawQuery
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const lastSegment = name.slice(name.lastIndexOf('.') + 1);
      if (STRUCTURAL.has(lastSegment)) return pair;
      if (LOGIC.test(lastSegment)) return `${name}=***`;
      const operator = OPERATOR.exec(value);
      return `${name}=${operator ? operator[0] : ''}***`;
    })
    .join('&');
}
