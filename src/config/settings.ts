// The table of settings: name (PostgREST's), Config key, default, parser and help text.
import { DEFAULTS } from './defaults.ts';
import { ConfigError } from './config-error.ts';

export interface SettingSpec {
  name: string;
  key: string;
  default: unknown;
  help: string;
  parse: (raw: string | string[], label: string) => unknown;
}

const fail = (label: string, message: string): never => {
  throw new ConfigError(label, message);
};

const last = (raw: string | string[]): string => (Array.isArray(raw) ? raw[raw.length - 1]! : raw);
const list = (raw: string | string[]): string[] =>
  (Array.isArray(raw) ? raw : [raw]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');

const text = (raw: string | string[]): string => last(raw);
const optionalText = (raw: string | string[]): string | null => (last(raw).trim() === '' ? null : last(raw));
const integer = (min: number, max: number) => (raw: string | string[], label: string): number => {
  const value = last(raw).trim();
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) fail(label, `expected an integer from ${min} to ${max}, got "${value}"`);
  return Number(value);
};
const boolean = (raw: string | string[], label: string): boolean => {
  const value = last(raw).trim().toLowerCase();
  if (['true', 'on', 'yes', '1'].includes(value)) return true;
  if (['false', 'off', 'no', '0'].includes(value)) return false;
  return fail(label, `expected true or false, got "${value}"`);
};
const oneOf = <T extends string>(choices: readonly T[]) => (raw: string | string[], label: string): T => {
  const value = last(raw).trim() as T;
  if (!choices.includes(value)) fail(label, `expected one of ${choices.join(', ')}, got "${value}"`);
  return value;
};
/** `fn` or `schema.fn`, checked once at start-up. */
const functionName = (raw: string | string[], label: string): string | null => {
  const value = optionalText(raw);
  if (value !== null && value.split('.').some((part) => part.trim() === '')) fail(label, `expected a function name or schema.function, got "${value}"`);
  if (value !== null && value.split('.').length > 2) fail(label, `expected a function name or schema.function, got "${value}"`);
  return value === null ? null : value.trim();
};
const url = (raw: string | string[], label: string): string => {
  const value = last(raw).trim();
  if (!/^postgres(ql)?:\/\//.test(value)) fail(label, 'expected a postgres:// or postgresql:// connection URI');
  return value;
};
const httpUrls = (raw: string | string[], label: string): string[] => {
  const values = list(raw);
  for (const value of values) {
    let parsed: URL | null = null;
    try { parsed = new URL(value); } catch { /* reported below */ }
    if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) fail(label, `expected an http(s) URL, got "${value}"`);
  }
  return values;
};
/** PostgreSQL setting names are case-insensitive. */
const settingNames = (raw: string | string[]): string[] => list(raw).map((name) => name.toLowerCase());
const identifiers = (raw: string | string[], label: string): string[] => {
  const values = list(raw);
  if (values.length === 0) fail(label, 'expected at least one schema name');
  return values;
};

export const SETTINGS: SettingSpec[] = [
  { name: 'db-uri', key: 'dbUri', default: null, parse: url, help: 'PostgreSQL connection URI (also DATABASE_URL). Unset: start an embedded PostgreSQL with a demo schema.' },
  { name: 'db-schemas', key: 'dbSchemas', default: [...DEFAULTS.dbSchemas], parse: identifiers, help: 'Comma-separated schemas to expose; the first is the default.' },
  { name: 'db-anon-role', key: 'dbAnonRole', default: DEFAULTS.dbAnonRole, parse: optionalText, help: 'Role for requests without a token; empty disables anonymous access.' },
  { name: 'db-authenticated-role', key: 'dbAuthenticatedRole', default: DEFAULTS.dbAuthenticatedRole, parse: text, help: 'Role every valid token runs as (unless --jwt-role-claim-key).' },
  { name: 'db-pool', key: 'dbPool', default: DEFAULTS.dbPool, parse: integer(1, 1000), help: 'Maximum database connections.' },
  { name: 'db-pool-acquisition-timeout', key: 'dbPoolAcquisitionTimeout', default: DEFAULTS.dbPoolAcquisitionTimeoutSeconds, parse: integer(1, 86_400), help: 'Seconds a request waits for a pool connection before 504 PGRST003.' },
  { name: 'db-pool-max-lifetime', key: 'dbPoolMaxLifetime', default: DEFAULTS.dbPoolMaxLifetimeSeconds, parse: integer(1, 2 ** 31 - 1), help: 'Seconds after which a connection is replaced (once idle).' },
  { name: 'db-pool-max-idletime', key: 'dbPoolMaxIdletime', default: DEFAULTS.dbPoolMaxIdletimeSeconds, parse: integer(1, 2 ** 31 - 1), help: 'Seconds after which an idle connection is closed.' },
  { name: 'db-prepared-statements', key: 'dbPreparedStatements', default: DEFAULTS.dbPreparedStatements, parse: boolean, help: 'Use named prepared statements; false behind a transaction pooler (PgBouncer, Neon/Supabase pooled URLs).' },
  { name: 'db-hoisted-tx-settings', key: 'dbHoistedTxSettings', default: [...DEFAULTS.dbHoistedTxSettings], parse: settingNames, help: 'Function settings (SET clauses) applied to the whole transaction of an RPC call.' },
  { name: 'db-max-rows', key: 'dbMaxRows', default: DEFAULTS.dbMaxRows, parse: integer(1, 2 ** 31 - 1), help: 'Hard cap on rows returned by any read.' },
  { name: 'db-extra-search-path', key: 'dbExtraSearchPath', default: [...DEFAULTS.dbExtraSearchPath], parse: list, help: 'Schemas appended to search_path.' },
  { name: 'db-tx-end', key: 'dbTxEnd', default: DEFAULTS.dbTxEnd, parse: oneOf(['commit', 'commit-allow-override', 'rollback', 'rollback-allow-override'] as const), help: 'How transactions end; *-allow-override honours Prefer: tx=.' },
  { name: 'db-pre-request', key: 'dbPreRequest', default: null, parse: functionName, help: 'Function called before every request (schema-qualified name).' },
  { name: 'db-aggregates-enabled', key: 'dbAggregatesEnabled', default: DEFAULTS.dbAggregatesEnabled, parse: boolean, help: 'Allow count()/sum()/avg()/min()/max() in select.' },
  { name: 'db-executor', key: 'dbExecutor', default: DEFAULTS.dbExecutor, parse: oneOf(['pipeline', 'postgres'] as const), help: 'Request executor: the one-round-trip pipeline or postgres.js.' },
  { name: 'server-host', key: 'serverHost', default: DEFAULTS.serverHost, parse: text, help: 'Address to listen on.' },
  { name: 'server-port', key: 'serverPort', default: DEFAULTS.serverPort, parse: integer(0, 65535), help: 'Port to listen on (0 = any free port).' },
  { name: 'server-max-body', key: 'serverMaxBodyBytes', default: DEFAULTS.serverMaxBodyBytes, parse: integer(1, 2 ** 31 - 1), help: 'Largest accepted request body in bytes.' },
  { name: 'jwks-url', key: 'jwksUrls', default: [], parse: httpUrls, help: 'JWKS URL(s) of your auth provider(s); repeat or comma-separate.' },
  { name: 'jwt-aud', key: 'jwtAud', default: null, parse: optionalText, help: 'Required audience: tokens whose aud does not contain it (or lack aud) are rejected.' },
  { name: 'jwt-issuer', key: 'jwtIssuer', default: null, parse: optionalText, help: 'Required issuer (iss).' },
  { name: 'jwt-secret', key: 'jwtSecret', default: null, parse: optionalText, help: 'HMAC secret (>= 32 chars), JWK/JWKS JSON, or @file.' },
  { name: 'jwt-role-claim-key', key: 'jwtRoleClaimKey', default: null, parse: optionalText, help: 'Take the database role from this claim path, e.g. .role (off by default).' },
  { name: 'log-level', key: 'logLevel', default: 'info', parse: oneOf(['error', 'warn', 'info', 'debug'] as const), help: 'Log verbosity.' },
];
