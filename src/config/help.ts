// --help text, generated from the settings table so it never drifts from what is accepted.
import { envName } from './config.ts';
import { SETTINGS } from './settings.ts';

export function helpText(version: string): string {
  const lines = [
    `pg-data-api ${version}: a PostgREST-compatible REST API for PostgreSQL`,
    '',
    'Usage: pg-data-api [--setting value ...] [--config FILE | FILE]',
    '',
    'With no --db-uri (or DATABASE_URL) an embedded PostgreSQL with a demo schema is started.',
    'Every setting can also come from an environment variable or a config file (name = "value";',
    'PostgREST config files work as they are). Pass secrets as environment variables or @file values,',
    'not as flags: the command line is visible to other users (ps) and printed by npm.',
    '',
    'Settings:',
  ];
  for (const s of SETTINGS) {
    const def =
      s.default === null || (Array.isArray(s.default) && s.default.length === 0)
        ? ''
        : ` (default: ${Array.isArray(s.default) ? s.default.join(',') : String(s.default)})`;
    lines.push(`  --${s.name.padEnd(24)} ${s.help}${def}`);
    lines.push(`  ${''.padEnd(26)} env ${envName(s)}${s.name === 'db-uri' ? ' or DATABASE_URL' : ''}`);
  }
  lines.push('', '  --config FILE              Read settings from FILE (env PGRST_CONFIG)', '  --help, --version');
  return lines.join('\n');
}
