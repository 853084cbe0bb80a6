// --jwt-role-claim-key: PostgREST's JSPath DSL (keys, [n], [?(@ op "s")], [a:b]) parsed once, then walked per token.

export type JsPathStep =
  | { kind: 'key'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'filter'; op: FilterOp; operand: string }
  | { kind: 'slice'; start: number | null; end: number | null };

export type FilterOp = '==' | '!=' | '^==' | '==^' | '*==';
export type JsPath = JsPathStep[];

export class JsPathError extends Error {
  constructor(
    readonly position: number,
    message: string,
  ) {
    super(`${message} at position ${position + 1}`);
    this.name = 'JsPathError';
  }
}

// Longest operators first so `^==` is not read as `^` + `==`.
const FILTER_OPS: FilterOp[] = ['^==', '==^', '*==', '==', '!='];
const KEY_CHAR = /[A-Za-z0-9_$@]/;

/** Parses e.g. `.role`, `."https://example.com/claims".role`, `.roles[0]`, `.roles[?(@ ^== "app_")][4:]`. */
export function parseJsPath(text: string): JsPath {
  let i = 0;
  const steps: JsPath = [];
  const fail = (message: string): never => {
    throw new JsPathError(i, message);
  };
  const expect = (literal: string): void => {
    if (!text.startsWith(literal, i)) fail(`expected "${literal}"`);
    i += literal.length;
  };
  const skipSpaces = (): void => {
    while (text[i] === ' ') i++;
  };
  const readQuoted = (): string => {
    expect('"');
    const end = text.indexOf('"', i);
    if (end === -1) fail('unterminated quoted string');
    const value = text.slice(i, end);
    i = end + 1;
    return value;
  };
  const readInt = (signed: boolean): number | null => {
    const match = (signed ? /^-?\d+/ : /^\d+/).exec(text.slice(i));
    if (!match) return null;
    i += match[0].length;
    return Number(match[0]);
  };
  const readBracket = (): JsPathStep => {
    expect('[');
    if (text.startsWith('?(', i)) {
      i += 2;
      skipSpaces();
      expect('@');
      skipSpaces();
      const op = FILTER_OPS.find((candidate) => text.startsWith(candidate, i)) ?? fail(`expected one of ${FILTER_OPS.join(' ')}`);
      i += op.length;
      skipSpaces();
      const operand = readQuoted();
      skipSpaces();
      expect(')]');
      return { kind: 'filter', op, operand };
    }
    const start = readInt(true);
    if (text[i] === ':') {
      i++;
      const end = readInt(true);
      expect(']');
      return { kind: 'slice', start, end };
    }
    if (start === null || start < 0) fail('expected an array index [0..n], a slice [a:b] or a filter [?(@ == "x")]');
    expect(']');
    return { kind: 'index', index: start! };
  };

  if (text === '') fail('expected a path such as .role');
  while (i < text.length) {
    expect('.');
    if (text[i] === '"') steps.push({ kind: 'key', name: readQuoted() });
    else {
      const from = i;
      while (i < text.length && KEY_CHAR.test(text[i]!)) i++;
      if (i === from) fail('expected a key of [A-Za-z0-9_$@] characters or a "quoted key"');
      steps.push({ kind: 'key', name: text.slice(from, i) });
    }
    while (text[i] === '[') steps.push(readBracket());
  }
  return steps;
}

const matches = (op: FilterOp, value: string, operand: string): boolean => {
  switch (op) {
    case '==':
      return value === operand;
    case '!=':
      return value !== operand;
    case '^==':
      return value.startsWith(operand);
    case '==^':
      return value.endsWith(operand);
    case '*==':
      return value.includes(operand);
  }
};

/** Python slice semantics: negative indexes count from the end; out-of-range bounds clamp. */
const sliceString = (value: string, start: number | null, end: number | null): string => {
  const chars = Array.from(value);
  const clamp = (n: number): number => Math.min(Math.max(n < 0 ? n + chars.length : n, 0), chars.length);
  return chars.slice(start === null ? 0 : clamp(start), end === null ? chars.length : clamp(end)).join('');
};

/** Walks the path; anything that does not fit (missing key, wrong type, no match) gives undefined. */
export function walkJsPath(root: unknown, path: JsPath): unknown {
  let current: unknown = root;
  for (const step of path) {
    if (current === undefined || current === null) return undefined;
    switch (step.kind) {
      case 'key':
        if (typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, step.name)) return undefined;
        current = (current as Record<string, unknown>)[step.name];
        break;
      case 'index':
        if (!Array.isArray(current)) return undefined;
        current = current[step.index];
        break;
      case 'filter':
        if (!Array.isArray(current)) return undefined;
        current = current.find((item) => typeof item === 'string' && matches(step.op, item, step.operand));
        break;
      case 'slice':
        if (typeof current !== 'string') return undefined;
        current = sliceString(current, step.start, step.end);
        break;
    }
  }
  return current;
}

/** The role named by the claim at `path`, or null when it is absent or not a non-empty string. */
export function roleFromClaims(claims: Record<string, unknown>, path: JsPath): string | null {
  const value = walkJsPath(claims, path);
  return typeof value === 'string' && value !== '' ? value : null;
}
