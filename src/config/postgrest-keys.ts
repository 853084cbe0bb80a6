// PostgREST's setting names we accept but map (aliases) or know but do not implement (one warning each, then ignored).
import { SETTINGS } from './settings.ts';

/** PostgREST's backwards-compatible names → the current name. */
export const ALIASES: Readonly<Record<string, string>> = {
  'db-schema': 'db-schemas',
  'max-rows': 'db-max-rows',
  'pre-request': 'db-pre-request',
  'role-claim-key': 'jwt-role-claim-key',
  'secret-is-base64': 'jwt-secret-is-base64',
  'root-spec': 'db-root-spec',
  'db-pool-timeout': 'db-pool-max-idletime',
  'server-proxy-uri': 'openapi-server-proxy-uri',
};

/**
 * PostgREST 12/13 settings. Those that are also in SETTINGS are implemented; the rest are accepted from
 * a PostgREST config file or PGRST_* variable with one warning each, so an existing setup starts.
 */
const POSTGREST_SETTINGS = [
  'admin-server-host',
  'admin-server-port',
  'admin-server-unix-socket',
  'admin-server-unix-socket-mode',
  'client-error-verbosity',
  'db-aggregates-enabled',
  'db-anon-role',
  'db-channel',
  'db-channel-enabled',
  'db-config',
  'db-extra-search-path',
  'db-hoisted-tx-settings',
  'db-max-rows',
  'db-plan-enabled',
  'db-pool',
  'db-pool-acquisition-timeout',
  'db-pool-automatic-recovery',
  'db-pool-max-idletime',
  'db-pool-max-lifetime',
  'db-pre-config',
  'db-pre-request',
  'db-prepared-statements',
  'db-root-spec',
  'db-schemas',
  'db-tx-end',
  'db-uri',
  'jwt-aud',
  'jwt-cache-max-entries',
  'jwt-cache-max-lifetime',
  'jwt-role-claim-key',
  'jwt-secret',
  'jwt-secret-is-base64',
  'log-level',
  'log-query',
  'openapi-mode',
  'openapi-security-active',
  'openapi-server-proxy-uri',
  'server-cors-allowed-origins',
  'server-host',
  'server-port',
  'server-reuseport',
  'server-timing-enabled',
  'server-trace-header',
  'server-unix-socket',
  'server-unix-socket-mode',
  'url-use-legacy-target-names',
] as const;

const implemented = (name: string): boolean => SETTINGS.some((s) => s.name === name);

export type KeyKind = { kind: 'setting'; name: string } | { kind: 'unimplemented'; name: string } | { kind: 'unknown' };

/** Classifies a setting name as written in a file, a PGRST_* variable or a flag (aliases resolved). */
export function classifyKey(written: string): KeyKind {
  const name = ALIASES[written] ?? written;
  if (implemented(name)) return { kind: 'setting', name };
  // app.settings.* are free-form: set for every request with set_config (config.appSettings).
  if (name.startsWith('app.settings.')) return { kind: 'setting', name };
  if ((POSTGREST_SETTINGS as readonly string[]).includes(name)) return { kind: 'unimplemented', name };
  return { kind: 'unknown' };
}

export const unimplementedWarning = (name: string, where: string): string =>
  `${where}: PostgREST setting "${name}" is not implemented by pg-data-api and is ignored`;
