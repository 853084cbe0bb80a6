// The leveled logger: PostgREST's levels, text or JSON lines on stderr, identical warnings rate-limited; never given secrets.

/** PostgREST's levels, most to least severe. */
export const LOG_LEVELS = ['crit', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = 'text' | 'json';
const RANK: Record<LogLevel | 'notice', number> = { notice: -1, crit: 0, error: 1, warn: 2, info: 3, debug: 4 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  /** Start-up, shutdown, reloads, connection loss and recovery: printed at every level (PostgREST's `crit` set). */
  notice(message: string, fields?: LogFields): void;
  crit(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  /** A structured event (request lines): `text` in text format, `fields` in JSON; `repeatKey` decides what counts as identical. */
  event(level: LogLevel, event: { text: string; fields: LogFields; repeatKey: string }): void;
  /** Whether a line at this level would be written (lets callers skip building it). */
  enabled(level: LogLevel): boolean;
  /** Applies a reloaded log-level / log format. */
  configure(options: { level?: LogLevel; format?: LogFormat }): void;
}

export interface LoggerOptions {
  level: LogLevel;
  format?: LogFormat;
  write?: (line: string) => void;
  now?: () => number;
  /** Identical crit/error/warn lines within this window are counted, not written (0 = never). */
  repeatWindowMs?: number;
}

/** How long identical warnings are held back: during an outage each distinct line appears about 6 times a minute. */
export const REPEAT_WINDOW_MS = 10_000;
/** Bound on distinct lines remembered for rate limiting (the oldest are forgotten first). */
const REPEAT_KEYS_MAX = 1_000;

export function createLogger(levelOrOptions: LogLevel | LoggerOptions, write?: (line: string) => void): Logger {
  const options: LoggerOptions = typeof levelOrOptions === 'string' ? { level: levelOrOptions, write } : levelOrOptions;
  let level = options.level;
  let format: LogFormat = options.format ?? 'text';
  const out = options.write ?? ((line: string) => void process.stderr.write(line + '\n'));
  const now = options.now ?? Date.now;
  const windowMs = options.repeatWindowMs ?? REPEAT_WINDOW_MS;
  const repeats = new Map<string, { since: number; suppressed: number }>();

  /** Returns the number of identical lines held back since the last one written, or -1 to hold this one back too. */
  const admit = (key: string): number => {
    const t = now();
    const seen = repeats.get(key);
    if (seen && t - seen.since < windowMs) {
      seen.suppressed++;
      return -1;
    }
    const suppressed = seen?.suppressed ?? 0;
    repeats.delete(key);
    if (repeats.size >= REPEAT_KEYS_MAX) repeats.delete(repeats.keys().next().value!);
    repeats.set(key, { since: t, suppressed: 0 });
    return suppressed;
  };

  const writeLine = (at: LogLevel | 'notice', message: string, fields: LogFields | undefined, repeatKey: string | null, textOnly: boolean): void => {
    if (RANK[at] > RANK[level]) return;
    let suppressed = 0;
    if (windowMs > 0 && (at === 'crit' || at === 'error' || at === 'warn')) {
      suppressed = admit(at + '\u0000' + (repeatKey ?? message + (fields ? '\u0000' + JSON.stringify(fields) : '')));
      if (suppressed < 0) return;
    }
    const time = new Date(now()).toISOString();
    if (format === 'json') {
      out(JSON.stringify({ time, level: at, msg: message, ...fields, ...(suppressed > 0 ? { suppressed } : {}) }));
      return;
    }
    const extra = !textOnly && fields && Object.keys(fields).length > 0 ? ' ' + JSON.stringify(fields) : '';
    const repeat = suppressed > 0 ? ` (${suppressed} identical lines suppressed in the last ${Math.round(windowMs / 1000)}s)` : '';
    out(`${time} ${at.toUpperCase().padEnd(6)} ${message}${extra}${repeat}`);
  };
  const emit =
    (at: LogLevel | 'notice') =>
    (message: string, fields?: LogFields): void =>
      writeLine(at, message, fields, null, false);

  return {
    notice: emit('notice'),
    crit: emit('crit'),
    error: emit('error'),
    warn: emit('warn'),
    info: emit('info'),
    debug: emit('debug'),
    event(at, event) {
      if (RANK[at] > RANK[level]) return;
      if (format === 'json') writeLine(at, 'request', event.fields, event.repeatKey, false);
      else writeLine(at, event.text, undefined, event.repeatKey, true);
    },
    enabled: (at) => RANK[at] <= RANK[level],
    configure(next) {
      if (next.level) level = next.level;
      if (next.format) format = next.format;
    },
  };
}

export const silentLogger: Logger = {
  notice() {},
  crit() {},
  error() {},
  warn() {},
  info() {},
  debug() {},
  event() {},
  enabled: () => false,
  configure() {},
};
