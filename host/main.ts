/**
 * Production entry: `node --import tsx host/main.ts` (or your bundle of it).
 * Configuration comes from the environment (host/config.ts); plugins are enabled by their
 * variables. `--check-config` prints the resolved configuration (secrets masked) and exits:
 * 0 when it is valid, 1 with every problem listed otherwise.
 */
import 'reflect-metadata';
import { serve } from '@hono/node-server';
import { createHost, type PluginEntry } from './index.js';
import { describeConfig, formatProblems, loadHostConfig } from './config.js';
import type { PluginDefinition } from './plugin.js';
import localPlugin from '../plugins/local/index.js';
import testPaymentsPlugin from '../plugins/test-payments/index.js';
import statuspagePlugin from '../plugins/statuspage/index.js';
import openstackPlugin from '../plugins/openstack/index.js';
import vcloudPlugin from '../plugins/vcloud/index.js';
import netsuitePlugin from '../plugins/netsuite/index.js';
import tintriPlugin from '../plugins/tintri/index.js';

/** The plugins this entry can enable, by id (host/config.ts names the variables that enable each). */
const AVAILABLE: Record<string, PluginDefinition<any, any>> = {
  local: localPlugin,
  statuspage: statuspagePlugin,
  openstack: openstackPlugin,
  vcloud: vcloudPlugin,
  netsuite: netsuitePlugin,
  tintri: tintriPlugin,
  'test-payments': testPaymentsPlugin,
};

const loaded = loadHostConfig(process.env, { plugins: AVAILABLE });
if (process.argv.includes('--check-config')) {
  if (loaded.ok) console.log(JSON.stringify(describeConfig(loaded.config), null, 2));
  else console.error(formatProblems(loaded.problems));
  process.exit(loaded.ok ? 0 : 1);
}
if (!loaded.ok) {
  console.error(formatProblems(loaded.problems));
  process.exit(1);
}
const config = loaded.config;
const plugins: PluginEntry[] = config.plugins.map((id) => AVAILABLE[id]!);

const host = await createHost({
  adminKey: config.adminKey,
  tokenSecret: config.tokenSecret,
  database: config.database,
  webhookSecret: config.webhookSecret,
  plugins,
  orders: config.orders,
});
const server = serve({ fetch: host.fetch, port: config.port });
console.log(`Glasspane host on http://localhost:${config.port} (plugins: ${config.plugins.join(', ')})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    server.close();
    await host.close();
    process.exit(0);
  });
}
