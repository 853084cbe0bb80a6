// Config: one frozen, validated object built from CLI flags, PGRST_* env vars and an optional PostgREST config file.
import { readFileSync } from 'node:fs';
import type { LogFormat, LogLevel } from '../log.ts';
import { parseConfigFile } from './config-file.ts';
import { DEFAULTS } from './defaults.ts';
import { ALIASES, classifyKey, unimplementedWarning } from './postgrest-keys.ts';
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
  /** db-root-spec: GET / calls this function (`fn` or `schema.fn`) instead of building the OpenAPI document. */
  dbRootSpec: string | null;
  dbAggregatesEnabled: boolean;
  dbExecutor: 'pipeline' | 'postgres';
  /** Read replicas (empty: every request goes to dbUri). */
  dbReplicaUris: string[];
  /** Seconds. */
  dbReplicaMaxLag: number;
  serverHost: string;
  serverPort: number;
  serverMaxBodyBytes: number;
  jwksUrls: string[];
  jwtAud: string | null;
  jwtIssuer: string | null;
  /** HMAC secret or JWK/JWKS JSON text (already read from @file). */
  jwtSecret: string | null;
  /** In PostgREST's JSPath DSL, e.g. `.role` or `."https://example.com/claims".role` (`$.role` is translated); null = off. */
  jwtRoleClaimKey: string | null;
  logLevel: LogLevel;
  logFormat: LogFormat;
  /** 0 = no slow-request lines. */
  logSlowRequestMs: number;
  serverTimingEnabled: boolean;
  /** null = no admin server. */
  adminServerPort: number | null;
  /** null = same as serverHost. */
  adminServerHost: string | null;
  dbChannel: string;
  dbChannelEnabled: boolean;
  /** Read pgrst.* role settings (and db-pre-config) from the database. */
  dbConfig: boolean;
  dbPreConfig: string | null;
  serverEngine: 'auto' | 'uws' | 'node';
  /** HTTP worker threads (1 = requests are served on the main thread, as before). */
  serverWorkers: number;
  /** null = any origin. */
  serverCorsAllowedOrigins: string[] | null;
  /** '' = API only at /. */
  serverPathPrefix: string;
  serverUnixSocket: string | null;
  serverUnixSocketMode: number;
  /** minimal: error bodies without details and hint. */
  clientErrorVerbosity: 'verbose' | 'minimal';
  openapiMode: 'follow-privileges' | 'ignore-privileges' | 'disabled';
  /** null: no host, base path `/`, scheme http. */
  openapiServerProxyUri: string | null;
  openapiSecurityActive: boolean;
  /** Accept: application/vnd.pgrst.plan+json answers with EXPLAIN output. */
  dbPlanEnabled: boolean;
  /** `app.settings.*` (config file, PGRST_APP_SETTINGS_*): set with set_config in every request. */
  appSettings: ReadonlyArray<[string, string]>;
}

export type ConfigSource = Record<string, string | string[]>;

/** A loaded configuration and what the operator should be told about it (never values, only names). */
export interface LoadedConfig {
  config: Readonly<Config>;
  help: boolean;
  version: boolean;
  /** One line per PostgREST-only setting we ignore. */
  warnings: string[];
  /** The config file read (for reloads), if any. */
  configFile: string | null;
}

/** Parses `--flag value`, `--flag=value` and repeated flags. Returns flag name → value(s). */
export function parseArgv(argv: string[], warnings: string[] = []): { values: ConfigSource; help: boolean; version: boolean; configFile: string | null } {
  const values: ConfigSource = {};
  let help = false;
  let version = false;
  let configFile: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '--version' || arg === '-v') {
      version = true;
      continue;
    }
    // PostgREST takes the config file as its one positional argument.
    if (!arg.startsWith('--') && configFile === null && i === argv.length - 1) {
      configFile = arg;
      continue;
    }
    if (!arg.startsWith('--')) throw new ConfigError(arg, 'unexpected argument (settings are passed as --name value)');
    const eq = arg.indexOf('=');
    const written = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    let value: string;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new ConfigError(`--${written}`, 'missing value');
      value = next;
      i++;
    }
    if (written === 'config') {
      configFile = value;
      continue;
    }
    const key = classifyKey(written);
    if (key.kind === 'unknown') throw new ConfigError(`--${written}`, 'unknown setting (see --help)');
    if (key.kind === 'unimplemented') {
      warnings.push(unimplementedWarning(key.name, `--${written}`));
      continue;
    }
    const prev = values[key.name];
    values[key.name] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
  }
  return { values, help, version, configFile };
}

/** A PostgREST config file's settings; unknown names are an error, PostgREST-only ones a warning. */
export function readConfigFile(text: string, fileName: string, env: NodeJS.ProcessEnv, warnings: string[] = []): ConfigSource {
  const values: ConfigSource = {};
  const canonical = new Set<string>();
  for (const entry of parseConfigFile(text, fileName, env)) {
    const written = entry.name.replace(/_/g, '-');
    const key = classifyKey(written.startsWith('app.settings.') ? entry.name : written);
    if (key.kind === 'unknown') throw new ConfigError(`${fileName}:${entry.line}`, `unknown setting "${entry.name}" (see --help for pg-data-api's settings)`);
    if (key.kind === 'unimplemented') {
      warnings.push(unimplementedWarning(key.name, `${fileName}:${entry.line}`));
      continue;
    }
    // The current name wins over an alias, wherever each appears.
    if (written !== key.name && canonical.has(key.name)) continue;
    if (written === key.name) canonical.add(key.name);
    values[key.name] = entry.value;
  }
  return values;
}

/** Environment variables: PGRST_DB_URI, PGRST_JWKS_URL, ... (and aliases such as PGRST_DB_SCHEMA), and DATABASE_URL. */
export function readEnv(env: NodeJS.ProcessEnv, warnings: string[] = []): ConfigSource {
  const values: ConfigSource = {};
  for (const [alias, name] of Object.entries(ALIASES)) {
    const value = env[envNameOf(alias)];
    if (value === undefined || value === '') continue;
    if (SETTINGS.some((s) => s.name === name)) values[name] = value;
    else warnings.push(unimplementedWarning(name, envNameOf(alias)));
  }
  for (const setting of SETTINGS) {
    const value = env[envName(setting)];
    if (value !== undefined && value !== '') values[setting.name] = value;
  }
  for (const name of Object.keys(env)) {
    if (!name.startsWith('PGRST_') || name === 'PGRST_CONFIG' || env[name] === '') continue;
    if (name.startsWith(APP_SETTINGS_ENV)) {
      values[`app.settings.${name.slice(APP_SETTINGS_ENV.length).toLowerCase()}`] = env[name]!;
      continue;
    }
    const key = classifyKey(name.slice(6).toLowerCase().replace(/_/g, '-'));
    if (key.kind === 'unimplemented') warnings.push(unimplementedWarning(key.name, name));
  }
  if (values['db-uri'] === undefined && env.DATABASE_URL) values['db-uri'] = env.DATABASE_URL;
  return values;
}

/** PGRST_APP_SETTINGS_JWT_SECRET → app.settings.jwt_secret, as PostgREST reads them. */
const APP_SETTINGS_ENV = 'PGRST_APP_SETTINGS_';
const envNameOf = (name: string): string => 'PGRST_' + name.toUpperCase().replace(/-/g, '_');
export const envName = (setting: SettingSpec): string => envNameOf(setting.name);

/** `@path` → the file's contents (trailing newline trimmed), for db-uri, db-replica-uri and jwt-secret. */
function readValueFile(setting: SettingSpec, raw: string | string[]): string | string[] {
  // Repeatable settings (db-replica-uri) may name one file per value.
  if (Array.isArray(raw)) return setting.fromFile ? raw.map((value) => readValueFile(setting, value) as string) : raw;
  const value = raw;
  if (!setting.fromFile || !value.startsWith('@')) return raw;
  try {
    return readFileSync(value.slice(1), 'utf8')
      .replace(/\r?\n$/, '')
      .trim();
  } catch {
    throw new ConfigError(`--${setting.name}`, `cannot read file ${value.slice(1)}`);
  }
}

/** Later sources win: file < env < CLI. */
export function buildConfig(...sources: ConfigSource[]): Readonly<Config> {
  const merged: ConfigSource = Object.assign({}, ...sources);
  const config = {} as Record<string, unknown>;
  for (const setting of SETTINGS) {
    const raw = merged[setting.name];
    // `name = ""` means unset for settings that default to unset (PostgREST's dump writes them so).
    const unset = raw === undefined || (setting.default === null && typeof raw === 'string' && raw.trim() === '');
    config[setting.key] = unset ? setting.default : setting.parse(readValueFile(setting, raw), `--${setting.name}`);
  }
  config.appSettings = Object.entries(merged)
    .filter(([name]) => name.startsWith('app.settings.'))
    .map(([name, value]) => [name, Array.isArray(value) ? value[value.length - 1]! : value]);
  const result = config as unknown as Config;
  if (result.jwtSecret !== null && !result.jwtSecret.trim().startsWith('{') && result.jwtSecret.length < 32) {
    throw new ConfigError('--jwt-secret', 'an HMAC secret must be at least 32 characters');
  }
  if (result.adminServerPort !== null && result.adminServerPort !== 0 && result.adminServerPort === result.serverPort) {
    throw new ConfigError('--admin-server-port', 'must differ from --server-port');
  }
  return Object.freeze(result);
}

/**
 * The whole resolution used by main (and by a reload): file (from --config or PGRST_CONFIG) < env <
 * in-database settings (`fromDatabase`, read once connected) < CLI flags.
 */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv, fromDatabase: ConfigSource = {}): LoadedConfig {
  const warnings: string[] = [];
  const cli = parseArgv(argv, warnings);
  const configFile = cli.configFile ?? env.PGRST_CONFIG ?? null;
  let fileValues: ConfigSource = {};
  if (configFile) {
    let text: string;
    try {
      text = readFileSync(configFile, 'utf8');
    } catch {
      throw new ConfigError('--config', `cannot read file ${configFile}`);
    }
    fileValues = readConfigFile(text, configFile, env, warnings);
  }
  const config = buildConfig(fileValues, readEnv(env, warnings), fromDatabase, cli.values);
  return { config, help: cli.help, version: cli.version, warnings: [...new Set(warnings)], configFile };
}

export { DEFAULTS };
