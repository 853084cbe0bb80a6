// server-workers: the flag, PGRST_SERVER_WORKERS, a config file, the default (the cores available) and its bounds.
import os from 'node:os';
import t from 'tap';
import { buildConfig, ConfigError, loadConfig, readEnv } from '../../src/config/config.ts';
import { helpText } from '../../src/config/help.ts';

t.test('the default is the number of cores available (at most 64)', async (t) => {
  t.equal(buildConfig({}).serverWorkers, Math.min(64, os.availableParallelism()));
});

t.test('from a flag, the environment and a config file', async (t) => {
  t.equal(loadConfig(['--server-workers', '3'], {}).config.serverWorkers, 3);
  t.equal(loadConfig(['--server-workers=1'], {}).config.serverWorkers, 1);
  t.equal(buildConfig(readEnv({ PGRST_SERVER_WORKERS: '4' })).serverWorkers, 4);
  t.equal(loadConfig(['--server-workers', '2'], { PGRST_SERVER_WORKERS: '4' }).config.serverWorkers, 2, 'the flag wins over the environment');
});

t.test('an integer from 1 to 64', async (t) => {
  for (const bad of ['0', '65', '-1', '1.5', 'two', 'auto']) {
    t.throws(() => buildConfig({ 'server-workers': bad }), ConfigError, bad);
    t.throws(() => buildConfig({ 'server-workers': bad }), /--server-workers: expected an integer from 1 to 64/, bad);
  }
  t.equal(buildConfig({ 'server-workers': '64' }).serverWorkers, 64);
});

t.test('--help lists it with its environment variable', async (t) => {
  t.match(helpText('test'), /--server-workers .*1 = no worker threads/);
  t.match(helpText('test'), /env PGRST_SERVER_WORKERS/);
});

t.test('it needs a restart (not reloadable)', async (t) => {
  const { SETTINGS } = await import('../../src/config/settings.ts');
  t.notOk(SETTINGS.find((s) => s.name === 'server-workers')!.reloadable);
});
