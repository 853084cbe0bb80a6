// The table of settings: name (PostgREST's), Config key, default, parser and help text.
import { DEFAULTS, MAX_SERVER_WORKERS } from './defaults.ts';
import { ConfigError } from './config-error.ts';
import { LOG_LEVELS } from '../log.ts';
import { toRoleClaimPath } from './role-claim-key.ts';
import { functionNameProblem, splitFunctionName } from './function-name.ts';

export interface SettingSpec {
  name: string;
  key: string;
  default: unknown;
  help: string;
  parse: (raw: string | string[], label: string) => unknown;
  /** Applied by a config reload (SIGUSR2, NOTIFY pgrst 'reload config'); others need a restart (PostgREST's "Reloadable"). */
  reloadable?: boolean;
  /** Never shown in logs or /config: replaced by a redaction marker (db-uri keeps all but its password). */
  secret?: boolean;
  /** `@path` reads the value from a file (PostgREST: db-uri and jwt-secret). */
  fromFile?: boolean;
}

const fail = (label: string, message: string): never => {
  throw new ConfigError(label, message);
};

const last = (raw: string | string[]): string => (Array.isArray(raw) ? raw[raw.length - 1]! : raw);
const list = (raw: string | string[]): string[] =>
  (Array.isArray(raw) ? raw : [raw])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');

const text = (raw: string | string[]): string => last(raw);
const optionalText = (raw: string | string[]): string | null => (last(raw).trim() === '' ? null : last(raw));
const integer =
  (min: number, max: number) =>
  (raw: string | string[], label: string): number => {
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
const oneOf =
  <T extends string>(choices: readonly T[]) =>
  (raw: string | string[], label: string): T => {
    const value = last(raw).trim() as T;
    if (!choices.includes(value)) fail(label, `expected one of ${choices.join(', ')}, got "${value}"`);
    return value;
  };
/** `fn` or `schema.fn`, checked once at start-up. */
const functionName = (raw: string | string[], label: string): string | null => {
  const value = optionalText(raw);
  if (value !== null && splitFunctionName(value) === null) fail(label, functionNameProblem(value));
  return value === null ? null : value.trim();
};
const optionalPort = (raw: string | string[], label: string): number | null => (last(raw).trim() === '' ? null : integer(0, 65535)(raw, label));
const url = (raw: string | string[], label: string): string => {
  const value = last(raw).trim();
  if (!/^postgres(ql)?:\/\//.test(value)) fail(label, 'expected a postgres:// or postgresql:// connection URI');
  return value;
};
/** Repeatable and comma-separated (an @file may also put one per line). */
const urls = (raw: string | string[], label: string): string[] =>
  list((Array.isArray(raw) ? raw : [raw]).flatMap((v) => v.split('\n'))).map((value) => url(value, label));
const httpUrls = (raw: string | string[], label: string): string[] => {
  const values = list(raw);
  for (const value of values) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(value);
    } catch {
      /* reported below */
    }
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

/** Origins as browsers send them (scheme://host[:port]); null = any origin. */
const origins = (raw: string | string[], label: string): string[] | null => {
  const values = list(raw);
  if (values.length === 0) return null;
  for (const value of values)
    if (!/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/i.test(value) && value !== 'null') fail(label, `expected origins like https://app.example.com, got "${value}"`);
  return values;
};
/** `/rest/v1` style: leading slash, no trailing slash; '' disables. */
const pathPrefix = (raw: string | string[], label: string): string => {
  const value = last(raw).trim().replace(/\/+$/, '');
  if (value === '') return '';
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(value)) fail(label, `expected a path like /rest/v1 (or empty), got "${value}"`);
  return value;
};
const octalMode = (raw: string | string[], label: string): number => {
  const value = last(raw).trim();
  if (!/^0?[0-7]{3}$/.test(value)) fail(label, `expected octal permissions like 660, got "${value}"`);
  return parseInt(value, 8);
};

/** `$.role` (RFC 9535 JSONPath, PostgREST 14) or `.role` (the JSPath DSL of PostgREST ≤ 13), stored as the latter. */
const roleClaimKey = (raw: string | string[], label: string): string | null => {
  const value = optionalText(raw);
  if (value === null) return null;
  try {
    return toRoleClaimPath(value.trim());
  } catch (error) {
    return fail(label, error instanceof Error ? error.message : String(error));
  }
};

export const SETTINGS: SettingSpec[] = [
  {
    name: 'db-uri',
    secret: true,
    fromFile: true,
    key: 'dbUri',
    default: null,
    parse: url,
    help: 'PostgreSQL connection URI (also DATABASE_URL). Unset: start an embedded PostgreSQL with a demo schema.',
  },
  {
    name: 'db-replica-uri',
    secret: true,
    fromFile: true,
    key: 'dbReplicaUris',
    default: [],
    parse: urls,
    help: 'Read replica URI(s): GET/HEAD reads and read-only RPC go to a healthy one; repeat or comma-separate (see docs/scaling-out.md).',
  },
  {
    name: 'db-replica-max-lag',
    key: 'dbReplicaMaxLag',
    default: DEFAULTS.dbReplicaMaxLagSeconds,
    parse: integer(0, 86_400),
    help: 'Seconds a replica may lag behind the primary before reads leave it.',
  },
  {
    name: 'db-schemas',
    reloadable: true,
    key: 'dbSchemas',
    default: [...DEFAULTS.dbSchemas],
    parse: identifiers,
    help: 'Comma-separated schemas to expose; the first is the default.',
  },
  {
    name: 'db-anon-role',
    reloadable: true,
    key: 'dbAnonRole',
    default: DEFAULTS.dbAnonRole,
    parse: optionalText,
    help: 'Role for requests without a token; empty disables anonymous access.',
  },
  {
    name: 'db-authenticated-role',
    reloadable: true,
    key: 'dbAuthenticatedRole',
    default: DEFAULTS.dbAuthenticatedRole,
    parse: text,
    help: 'Role every valid token runs as (unless --jwt-role-claim-key).',
  },
  { name: 'db-pool', key: 'dbPool', default: DEFAULTS.dbPool, parse: integer(1, 1000), help: 'Maximum database connections.' },
  {
    name: 'db-pool-acquisition-timeout',
    key: 'dbPoolAcquisitionTimeout',
    default: DEFAULTS.dbPoolAcquisitionTimeoutSeconds,
    parse: integer(1, 86_400),
    help: 'Seconds a request waits for a pool connection before 504 PGRST003.',
  },
  {
    name: 'db-pool-max-lifetime',
    key: 'dbPoolMaxLifetime',
    default: DEFAULTS.dbPoolMaxLifetimeSeconds,
    parse: integer(1, 2 ** 31 - 1),
    help: 'Seconds after which a connection is replaced (once idle).',
  },
  {
    name: 'db-pool-max-idletime',
    key: 'dbPoolMaxIdletime',
    default: DEFAULTS.dbPoolMaxIdletimeSeconds,
    parse: integer(1, 2 ** 31 - 1),
    help: 'Seconds after which an idle connection is closed.',
  },
  {
    name: 'db-prepared-statements',
    key: 'dbPreparedStatements',
    default: DEFAULTS.dbPreparedStatements,
    parse: boolean,
    help: 'Use named prepared statements; false behind a transaction pooler (PgBouncer, Neon/Supabase pooled URLs).',
  },
  {
    name: 'db-hoisted-tx-settings',
    reloadable: true,
    key: 'dbHoistedTxSettings',
    default: [...DEFAULTS.dbHoistedTxSettings],
    parse: settingNames,
    help: 'Function settings (SET clauses) applied to the whole transaction of an RPC call.',
  },
  {
    name: 'db-max-rows',
    reloadable: true,
    key: 'dbMaxRows',
    default: DEFAULTS.dbMaxRows,
    parse: integer(1, 2 ** 31 - 1),
    help: 'Hard cap on rows returned by any read.',
  },
  {
    name: 'db-extra-search-path',
    reloadable: true,
    key: 'dbExtraSearchPath',
    default: [...DEFAULTS.dbExtraSearchPath],
    parse: list,
    help: 'Schemas appended to search_path.',
  },
  {
    name: 'db-tx-end',
    key: 'dbTxEnd',
    default: DEFAULTS.dbTxEnd,
    parse: oneOf(['commit', 'commit-allow-override', 'rollback', 'rollback-allow-override'] as const),
    help: 'How transactions end; *-allow-override honours Prefer: tx=.',
  },
  {
    name: 'db-pre-request',
    reloadable: true,
    key: 'dbPreRequest',
    default: null,
    parse: functionName,
    help: 'Function called before every request (schema-qualified name).',
  },
  {
    name: 'db-root-spec',
    reloadable: true,
    key: 'dbRootSpec',
    default: null,
    parse: functionName,
    help: 'Function whose result answers GET / instead of the OpenAPI document (called like GET /rpc/<name>).',
  },
  {
    name: 'db-aggregates-enabled',
    reloadable: true,
    key: 'dbAggregatesEnabled',
    default: DEFAULTS.dbAggregatesEnabled,
    parse: boolean,
    help: 'Allow count()/sum()/avg()/min()/max() in select.',
  },
  {
    name: 'db-executor',
    key: 'dbExecutor',
    default: DEFAULTS.dbExecutor,
    parse: oneOf(['pipeline', 'postgres'] as const),
    help: 'Request executor: the one-round-trip pipeline or postgres.js.',
  },
  { name: 'server-host', key: 'serverHost', default: DEFAULTS.serverHost, parse: text, help: 'Address to listen on.' },
  { name: 'server-port', key: 'serverPort', default: DEFAULTS.serverPort, parse: integer(0, 65535), help: 'Port to listen on (0 = any free port).' },
  {
    name: 'server-max-body',
    key: 'serverMaxBodyBytes',
    default: DEFAULTS.serverMaxBodyBytes,
    parse: integer(1, 2 ** 31 - 1),
    help: 'Largest accepted request body in bytes.',
  },
  {
    name: 'jwks-url',
    reloadable: true,
    key: 'jwksUrls',
    default: [],
    parse: httpUrls,
    help: 'JWKS URL(s) of your auth provider(s); repeat or comma-separate.',
  },
  {
    name: 'jwt-aud',
    reloadable: true,
    key: 'jwtAud',
    default: null,
    parse: optionalText,
    help: 'Required audience: tokens whose aud does not contain it (or lack aud) are rejected.',
  },
  { name: 'jwt-issuer', reloadable: true, key: 'jwtIssuer', default: null, parse: optionalText, help: 'Required issuer (iss).' },
  {
    name: 'jwt-secret',
    reloadable: true,
    secret: true,
    fromFile: true,
    key: 'jwtSecret',
    default: null,
    parse: optionalText,
    help: 'HMAC secret (>= 32 chars), JWK/JWKS JSON, or @file.',
  },
  {
    name: 'jwt-role-claim-key',
    reloadable: true,
    key: 'jwtRoleClaimKey',
    default: null,
    parse: roleClaimKey,
    help: "Take the database role from this claim path: $.role or PostgREST's older .role syntax (off by default).",
  },
  {
    name: 'log-level',
    reloadable: true,
    key: 'logLevel',
    default: DEFAULTS.logLevel,
    parse: oneOf(LOG_LEVELS),
    help: 'crit (start-up, shutdown, connection loss), error (+ 5xx requests), warn (+ 4xx, slow requests), info (+ every request), debug.',
  },
  {
    name: 'log-format',
    reloadable: true,
    key: 'logFormat',
    default: DEFAULTS.logFormat,
    parse: oneOf(['text', 'json'] as const),
    help: 'Log lines as text or as one JSON object per line.',
  },
  {
    name: 'log-slow-request-ms',
    reloadable: true,
    key: 'logSlowRequestMs',
    default: DEFAULTS.logSlowRequestMs,
    parse: integer(0, 2 ** 31 - 1),
    help: 'Requests slower than this are logged at warn with their stage timings (0 = off).',
  },
  {
    name: 'server-timing-enabled',
    reloadable: true,
    key: 'serverTimingEnabled',
    default: false,
    parse: boolean,
    help: 'Add a Server-Timing header (jwt, parse, plan, transaction, response) to responses.',
  },
  {
    name: 'admin-server-port',
    key: 'adminServerPort',
    default: null,
    parse: optionalPort,
    help: 'Port of the admin server (/live, /ready, /metrics, /schema_cache, /config); unset = off.',
  },
  { name: 'admin-server-host', key: 'adminServerHost', default: null, parse: optionalText, help: 'Address of the admin server (default: --server-host).' },
  {
    name: 'db-config',
    reloadable: true,
    key: 'dbConfig',
    default: true,
    parse: boolean,
    help: 'Read pgrst.* settings of the connecting role from the database (ALTER ROLE … SET pgrst.db_schemas = …).',
  },
  {
    name: 'db-pre-config',
    reloadable: true,
    key: 'dbPreConfig',
    default: null,
    parse: functionName,
    help: 'Function that sets pgrst.* settings with set_config (in-database configuration).',
  },
  { name: 'db-channel', key: 'dbChannel', default: DEFAULTS.dbChannel, parse: text, help: "NOTIFY channel for 'reload schema' and 'reload config'." },
  {
    name: 'openapi-mode',
    reloadable: true,
    key: 'openapiMode',
    default: 'follow-privileges',
    parse: oneOf(['follow-privileges', 'ignore-privileges', 'disabled'] as const),
    help: "GET / OpenAPI document: follow-privileges lists what the request's role may use, ignore-privileges everything, disabled answers 404 PGRST126.",
  },
  {
    name: 'openapi-server-proxy-uri',
    reloadable: true,
    key: 'openapiServerProxyUri',
    default: null,
    parse: (raw, label) => (optionalText(raw) === null ? null : httpUrls(raw, label)[0]!),
    help: 'Public URL of the API (scheme, host, port, base path) for the OpenAPI document.',
  },
  {
    name: 'openapi-security-active',
    reloadable: true,
    key: 'openapiSecurityActive',
    default: false,
    parse: boolean,
    help: 'Add a JWT (Authorization header) security definition to the OpenAPI document.',
  },
  {
    name: 'db-plan-enabled',
    reloadable: true,
    key: 'dbPlanEnabled',
    default: false,
    parse: boolean,
    help: "Answer Accept: application/vnd.pgrst.plan+json with the EXPLAIN of the request's statement.",
  },
  {
    name: 'client-error-verbosity',
    reloadable: true,
    key: 'clientErrorVerbosity',
    default: 'verbose',
    parse: oneOf(['verbose', 'minimal'] as const),
    help: 'minimal: error bodies carry only code and message (no details, no hint).',
  },
  {
    name: 'db-channel-enabled',
    key: 'dbChannelEnabled',
    default: true,
    parse: boolean,
    help: 'LISTEN on --db-channel (turn off behind a transaction pooler).',
  },
  // Front door (issue 13/14): engine, CORS, path prefix, Unix socket.
  {
    name: 'server-engine',
    key: 'serverEngine',
    default: DEFAULTS.serverEngine,
    parse: oneOf(['auto', 'uws', 'node'] as const),
    help: 'HTTP engine: auto (native uWebSockets.js if a binary loads for this Node, else node:http), uws (native or fail), node.',
  },
  {
    name: 'server-workers',
    key: 'serverWorkers',
    default: DEFAULTS.serverWorkers,
    parse: integer(1, MAX_SERVER_WORKERS),
    help: 'HTTP worker threads sharing the port, each with its own pool of ceil(db-pool / workers) connections; 1 = no worker threads; the default is the number of cores available.',
  },
  {
    name: 'server-cors-allowed-origins',
    reloadable: true,
    key: 'serverCorsAllowedOrigins',
    default: null,
    parse: origins,
    help: 'Comma-separated origins browsers may call from; unset = any origin (as PostgREST).',
  },
  {
    name: 'server-path-prefix',
    key: 'serverPathPrefix',
    default: DEFAULTS.serverPathPrefix,
    parse: pathPrefix,
    help: 'Also serve the API under this path (Supabase/Neon clients call <url>/rest/v1/…); empty = only at /.',
  },
  {
    name: 'server-unix-socket',
    key: 'serverUnixSocket',
    default: null,
    parse: optionalText,
    help: 'Listen on this Unix socket instead of --server-host/--server-port (a stale socket file is replaced).',
  },
  {
    name: 'server-unix-socket-mode',
    key: 'serverUnixSocketMode',
    default: DEFAULTS.serverUnixSocketMode,
    parse: octalMode,
    help: 'Permissions of the Unix socket file, in octal (PostgREST: 660).',
  },
];
