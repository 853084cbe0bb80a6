// jwt-role-claim-key: accepts RFC 9535 JSONPath (`$.role`, PostgREST 14) and the older JSPath DSL (`.role`), returns the DSL.

/**
 * The role claim path is evaluated by src/auth in PostgREST's JSPath DSL (`.key`, `."quoted key"`,
 * `[n]`, `[?(@ op "s")]`, `[a:b]`). PostgREST 14 moved to RFC 9535 JSONPath with `$` as the root
 * (`$.role`, `$['https://example.com/role']`, `$.roles[0]`, `$.roles[?@ == "admin"]`); this translates
 * the subset that has a DSL equivalent and names what it cannot.
 */
export function toRoleClaimPath(text: string): string {
  if (!text.startsWith('$')) return text; // The DSL as PostgREST ≤ 13 wrote it; src/auth parses and checks it.
  let i = 1;
  let out = '';
  const fail = (message: string): never => {
    throw new Error(`${message} at position ${i + 1} of "${text}" (supported: $.key, $['key'], $.key[0], $.key[?@ == "value"])`);
  };
  const readQuoted = (): string => {
    const quote = text[i];
    if (quote !== '"' && quote !== "'") fail('expected a quoted name');
    i++;
    let value = '';
    while (i < text.length && text[i] !== quote) {
      if (text[i] === '\\') {
        i++;
        const escaped = text[i];
        if (escaped === undefined) fail('unterminated escape');
        value += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped;
      } else value += text[i];
      i++;
    }
    if (text[i] !== quote) fail('unterminated quoted name');
    i++;
    return value;
  };
  const key = (name: string): string => {
    if (name.includes('"')) fail('a key containing " cannot be used');
    return /^[A-Za-z0-9_$@]+$/.test(name) ? `.${name}` : `."${name}"`;
  };
  const skipSpaces = (): void => {
    while (text[i] === ' ') i++;
  };

  while (i < text.length) {
    if (text[i] === '.') {
      i++;
      if (text[i] === '*' || text[i] === '.') fail('wildcards and descendant segments are not supported');
      const from = i;
      while (i < text.length && /[A-Za-z0-9_\u0080-\uffff-]/.test(text[i]!)) i++;
      if (i === from) fail('expected a name after "."');
      out += key(text.slice(from, i));
      continue;
    }
    if (text[i] !== '[') fail('expected "." or "["');
    i++;
    skipSpaces();
    if (text[i] === '"' || text[i] === "'") {
      out += key(readQuoted());
    } else if (text[i] === '?') {
      i++;
      skipSpaces();
      const parenthesised = text[i] === '(';
      if (parenthesised) i++;
      skipSpaces();
      if (text[i] !== '@') fail('expected @ in the filter');
      i++;
      skipSpaces();
      const op = text.startsWith('==', i) ? '==' : text.startsWith('!=', i) ? '!=' : fail('expected == or != in the filter');
      i += 2;
      skipSpaces();
      const operand = readQuoted();
      if (operand.includes('"')) fail('a filter value containing " cannot be used');
      skipSpaces();
      if (parenthesised) {
        if (text[i] !== ')') fail('expected ")"');
        i++;
        skipSpaces();
      }
      out += `[?(@ ${op} "${operand}")]`;
    } else {
      const match = /^\d+/.exec(text.slice(i));
      if (!match) fail('expected an index, a quoted name or a filter');
      i += match![0].length;
      out += `[${match![0]}]`;
    }
    skipSpaces();
    if (text[i] !== ']') fail('expected "]"');
    i++;
  }
  if (out === '') fail('expected a path after $');
  return out;
}
