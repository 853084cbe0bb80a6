// GET /config: the running configuration in PostgREST's config-file format, secrets redacted.
import type { Config } from '../config/config.ts';
import { SETTINGS } from '../config/settings.ts';

export const REDACTED = '<redacted>';

/** A connection URI with its password (in the authority or as ?password=) replaced. */
export function redactUri(uri: string): string {
  try {
    const url = new URL(uri);
    if (url.password) url.password = REDACTED;
    if (url.searchParams.has('password')) url.searchParams.set('password', REDACTED);
    return url.toString();
  } catch {
    return REDACTED;
  }
}

/** Secrets that are connection URIs: shown with only their password redacted. */
const URI_SETTINGS = new Set(['db-uri', 'db-replica-uri']);
const redactUris = (value: unknown): unknown => (Array.isArray(value) ? value.map((uri) => redactUri(String(uri))) : redactUri(String(value)));

const quote = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '$$$$')}"`;

function render(value: unknown): string {
  if (value === null || value === undefined) return '""';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return quote(value.join(','));
  return quote(String(value));
}

/** One `name = value` line per setting, sorted like PostgREST's dump; the file can be read back. */
export function dumpConfig(config: Readonly<Config>): string {
  const values = config as unknown as Record<string, unknown>;
  const lines = [...SETTINGS]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((setting) => {
      let value = values[setting.key];
      if (setting.secret && value !== null && value !== undefined) value = URI_SETTINGS.has(setting.name) ? redactUris(value) : REDACTED;
      return `${setting.name} = ${render(value)}`;
    });
  return lines.join('\n') + '\n';
}
