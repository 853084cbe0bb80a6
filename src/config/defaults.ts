// Named defaults for every setting, so tests and docs refer to one value.

export const DEFAULTS = {
  dbSchemas: ['public'],
  dbAnonRole: 'anonymous',
  dbAuthenticatedRole: 'authenticated',
  dbPool: 10,
  dbPoolAcquisitionTimeoutSeconds: 10,
  dbMaxRows: null as number | null,
  dbTxEnd: 'commit' as const,
  dbExtraSearchPath: ['public'],
  dbAggregatesEnabled: false,
  dbExecutor: 'pipeline' as const,
  serverHost: '127.0.0.1',
  serverPort: 3000,
  serverMaxBodyBytes: 10 * 1024 * 1024,
  jwtLeewaySeconds: 30,
  jwtCacheMaxEntries: 10_000,
  jwksCacheMaxAgeSeconds: 600,
  jwksCooldownSeconds: 30,
  jwksTimeoutMs: 5_000,
  jwtMaxTokenBytes: 16 * 1024,
  connectRetryMaxSeconds: 32,
} as const;
