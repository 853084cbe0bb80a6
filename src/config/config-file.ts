// Reads a PostgREST config file: `name = "value"` / number / boolean lines, # comments, $(VAR) and $$ in strings.
import { ConfigError } from './config-error.ts';

export interface FileEntry {
  /** The name as written (aliases and underscores resolved by the caller). */
  name: string;
  value: string;
  line: number;
}

/**
 * The subset of the `configurator` format PostgREST files use: one `key = value` per line, where value
 * is a double-quoted string (escapes \" \\ \n \t \uXXXX; `$(NAME)` takes an environment variable; `$$`
 * is a literal `$`), a number, or true/false/on/off. `import` and `{ groups }` are not supported.
 */
export function parseConfigFile(text: string, fileName: string, env: NodeJS.ProcessEnv = process.env): FileEntry[] {
  const entries: FileEntry[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = index + 1;
      const where = `${fileName}:${line}`;
      const trimmed = raw.trim();
      if (trimmed === '' || trimmed.startsWith('#')) return;
      const match = /^([A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(trimmed);
      if (!match) {
        if (/^import\b/.test(trimmed) || trimmed.endsWith('{'))
          throw new ConfigError(where, '`import` and `{ }` groups are not supported; list every setting as name = value');
        throw new ConfigError(where, 'expected `name = value`');
      }
      entries.push({ name: match[1]!, value: parseValue(match[2]!, where, env), line });
    });
  return entries;
}

function parseValue(source: string, where: string, env: NodeJS.ProcessEnv): string {
  if (source.startsWith('"')) {
    let i = 1;
    let value = '';
    for (; i < source.length && source[i] !== '"'; i++) {
      const c = source[i]!;
      if (c === '\\') {
        const next = source[++i];
        if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 1, i + 5))) {
          value += String.fromCharCode(parseInt(source.slice(i + 1, i + 5), 16));
          i += 4;
        } else if (next === 'n') value += '\n';
        else if (next === 't') value += '\t';
        else if (next === '"' || next === '\\') value += next;
        else throw new ConfigError(where, `unknown escape \\${next ?? ''} in a string`);
      } else if (c === '$' && source[i + 1] === '$') {
        value += '$';
        i++;
      } else if (c === '$' && source[i + 1] === '(') {
        const end = source.indexOf(')', i);
        if (end === -1) throw new ConfigError(where, 'unterminated $( in a string');
        const name = source.slice(i + 2, end);
        const fromEnv = env[name];
        if (fromEnv === undefined) throw new ConfigError(where, `environment variable ${name} (used as $(${name})) is not set`);
        value += fromEnv;
        i = end;
      } else value += c;
    }
    if (source[i] !== '"') throw new ConfigError(where, 'unterminated string (values are written "like this")');
    const rest = source.slice(i + 1).trim();
    if (rest !== '' && !rest.startsWith('#')) throw new ConfigError(where, `unexpected text after the value: ${rest}`);
    return value;
  }
  const bare = source.replace(/\s+#.*$/, '').trim();
  if (/^(true|false|on|off)$/i.test(bare)) return /^(true|on)$/i.test(bare) ? 'true' : 'false';
  if (/^-?\d+(\.\d+)?$/.test(bare)) return bare;
  if (bare.startsWith("'")) throw new ConfigError(where, 'strings use double quotes ("like this")');
  throw new ConfigError(where, `expected a "quoted string", a number or true/false, got ${bare}`);
}
