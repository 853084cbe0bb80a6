// The pool and transaction settings: PostgREST's names, defaults and validation.
import t from 'tap';
import { buildConfig, ConfigError, readEnv } from '../../src/config/config.ts';
import { databaseOptions } from '../../src/db/database.ts';

t.test("defaults are PostgREST's", async (t) => {
  const config = buildConfig({});
  t.match(config, {
    dbPool: 10,
    dbPoolAcquisitionTimeout: 10,
    dbPoolMaxLifetime: 1800,
    dbPoolMaxIdletime: 30,
    dbPreparedStatements: true,
    dbHoistedTxSettings: ['statement_timeout', 'plan_filter.statement_cost_limit', 'default_transaction_isolation'],
  });
  t.same(databaseOptions(config), {
    pool: 10,
    executor: 'pipeline',
    acquisitionTimeoutSeconds: 10,
    maxLifetimeSeconds: 1800,
    maxIdleSeconds: 30,
    preparedStatements: true,
  });
});

t.test('values from flags and PGRST_ environment variables', async (t) => {
  const config = buildConfig(readEnv({ PGRST_DB_PREPARED_STATEMENTS: 'false', PGRST_DB_POOL_ACQUISITION_TIMEOUT: '3' }), {
    'db-pool-max-lifetime': '600',
    'db-pool-max-idletime': '5',
    'db-hoisted-tx-settings': 'Statement_Timeout, work_mem',
  });
  t.match(config, { dbPreparedStatements: false, dbPoolAcquisitionTimeout: 3, dbPoolMaxLifetime: 600, dbPoolMaxIdletime: 5 });
  t.same(config.dbHoistedTxSettings, ['statement_timeout', 'work_mem'], 'setting names are case-insensitive');
  t.same(buildConfig({ 'db-hoisted-tx-settings': '' }).dbHoistedTxSettings, [], 'empty: nothing is hoisted');
});

t.test('invalid values stop start-up naming the setting', async (t) => {
  t.throws(() => buildConfig({ 'db-pool-acquisition-timeout': '0' }), ConfigError);
  t.throws(() => buildConfig({ 'db-pool-acquisition-timeout': '1.5' }), /--db-pool-acquisition-timeout/);
  t.throws(() => buildConfig({ 'db-prepared-statements': 'maybe' }), /--db-prepared-statements: expected true or false/);
});
