// Config: one frozen, validated object built from CLI flags, PGRST_* env vars and an optional file.
import { readFileSync } from 'node:fs';
import { DEFAULTS } from './defaults.ts';
import { SETTINGS, type SettingSpec } from './settings.ts';
import { ConfigError } from './config-error.ts';

export { ConfigError };

export type TxEnd = 'commit' | 'commit-allow-override' | 'rollback' | 'rollback-allow-override';

export interface Config {
  /** null → start an embedded PostgreSQL with the demo schema. */
  dbUri: string | null;
  dbSchemas: string[];
  /** null → anonymous requests are refused with PGRST302. */
  dbAnonRole: string | null;
  dbAuthenticatedRole: string;
  dbPool: number;
  /** Seconds. */
  dbPoolAcquisitionTimeout: number;
  dbPoolMaxLifetime: number;
  dbPoolMaxIdletime: number;
  dbPreparedStatements: boolean;
  /** Lower-case setting names a function's SET clause may apply to the whole transaction. */
  dbHoistedTxSettings: string[];
  dbMaxRows: number | null;
  dbExtraSearchPath: string[];
  dbTxEnd: TxEnd;
  dbPreRequest: string | null;
  dbAggregatesEnabled: boolean;
  dbExecutor: 'pipeline' | 'postgres';
  serverHost: string;
  serverPort: number;
  serverMaxBodyBytes: number;
  jwksUrls: string[];
  jwtAud: string | null;
  jwtIssuer: string | null;
  /** HMAC secret or JWK/JWKS JSON text (already read from @file). */
  jwtSecret: string | null;
  /** e.g. `.role` or `."https://example.com/claims".role`; null = off. */
  jwtRoleClaimKey: string | null;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
}


export type ConfigSource = Record<string, string | string[]>;

/** Parses `--flag value`, `--flag=value` and repeated flags. Returns flag name → value(s). */
export function parseArgv(argv: string[]): { values: ConfigSource; help: boolean; version: boolean; configFile: string | null } {
  const values: ConfigSource = {};
  let help = false;
  let version = false;
  let configFile: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') { help = true; continue; }
    if (arg === '--version' || arg === '-v') { version = true; continue; }
    if (!arg.startsWith('--')) throw new ConfigError(arg, 'unexpected argument (settings are passed as --name value)');
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    let value: string;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new ConfigError(`--${name}`, 'missing value');
      value = next;
      i++;
    }
    if (name === 'config') { configFile = value; continue; }
    if (!SETTINGS.some((s) => s.name === name)) throw new ConfigError(`--${name}`, 'unknown setting (see --help)');
    const prev = values[name];
    values[name] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
  }
  return { values, help, version, configFile };
}

/** Reads a PostgREST-style config file: `name = "value"` lines, `#` comments. */
export function parseConfigFile(text: string, fileName: string): ConfigSource {
  const values: ConfigSource = {};
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const match = /^([A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(trimmed);
    if (!match) throw new ConfigError(`${fileName}:${index + 1}`, 'expected `name = value`');
    const name = match[1]!.replace(/_/g, '-');
    let value = match[2]!.trim();
    if (/^".*"$/.test(value) || /^'.*'$/.test(value)) value = value.slice(1, -1);
    if (!SETTINGS.some((s) => s.name === name)) throw new ConfigError(`${fileName}: ${match[1]}`, 'unknown setting');
    values[name] = value;
  });
  return values;
}

/** Environment variables: PGRST_DB_URI, PGRST_JWKS_URL, ... and DATABASE_URL. */
export function readEnv(env: NodeJS.ProcessEnv): ConfigSource {
  const values: ConfigSource = {};
  for (const setting of SETTINGS) {
    const value = env[envName(setting)];
    if (value !== undefined && value !== '') values[setting.name] = value;
  }
  if (values['db-uri'] === undefined && env.DATABASE_URL) values['db-uri'] = env.DATABASE_URL;
  return values;
}

export const envName = (setting: SettingSpec): string => 'PGRST_' + setting.name.toUpperCase().replace(/-/g, '_');

/** Later sources win: file < env < CLI. */
export function buildConfig(...sources: ConfigSource[]): Readonly<Config> {
  const merged: ConfigSource = Object.assign({}, ...sources);
  const config = {} as Record<string, unknown>;
  for (const setting of SETTINGS) {
    const raw = merged[setting.name];
    config[setting.key] = raw === undefined ? setting.default : setting.parse(raw, `--${setting.name}`);
  }
  const result = config as unknown as Config;
  if (result.jwtSecret?.startsWith('@')) {
    try {
      result.jwtSecret = readFileSync(result.jwtSecret.slice(1), 'utf8').trim();
    } catch {
      throw new ConfigError('--jwt-secret', `cannot read file ${result.jwtSecret.slice(1)}`);
    }
  }
  if (result.jwtSecret !== null && !result.jwtSecret.trim().startsWith('{') && result.jwtSecret.length < 32) {
    throw new ConfigError('--jwt-secret', 'an HMAC secret must be at least 32 characters');
  }
  return Object.freeze(result);
}

/** The whole resolution used by main: file (from --config), env, CLI. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv): { config: Readonly<Config>; help: boolean; version: boolean } {
  const cli = parseArgv(argv);
  const configFile = cli.configFile ?? env.PGRST_CONFIG ?? null;
  let fileValues: ConfigSource = {};
  if (configFile) {
    let text: string;
    try {
      text = readFileSync(configFile, 'utf8');
    } catch {
      throw new ConfigError('--config', `cannot read file ${configFile}`);
    }
    fileValues = parseConfigFile(text, configFile);
  }
  return { config: buildConfig(fileValues, readEnv(env), cli.values), help: cli.help, version: cli.version };
}

export { DEFAULTS };
