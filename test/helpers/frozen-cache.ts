// The planner's test schema: the frozen catalog snapshot (npm run snapshot), no database needed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildConfig, type Config, type ConfigSource } from '../../src/config/config.ts';
import { toRawRequest, type RequestOptions } from './test-app.ts';
import { parseApiRequest } from '../../src/request/api-request.ts';
import type { ApiRequest } from '../../src/request/types.ts';
import { cacheFromSnapshot } from '../../src/schema/introspect.ts';
import type { SchemaCache } from '../../src/schema/types.ts';

const snapshot = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', 'fixtures', 'catalog-snapshot.json'), 'utf8'));

export const frozenCache: SchemaCache = cacheFromSnapshot(snapshot, ['test']);

export const testConfig = (settings: ConfigSource = {}): Config => buildConfig({ 'db-schemas': 'test', ...settings });

export function parse(method: string, url: string, headers: Record<string, string> = {}, body?: RequestOptions['body']): ApiRequest {
  return parseApiRequest(toRawRequest(method, url, { headers, body }), { schemas: ['test'] });
}
