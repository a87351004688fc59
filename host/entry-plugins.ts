/**
 * The plugins the command-line entries (host/main.ts, host/migrate.ts) can enable, by id;
 * host/config.ts names the variables that enable each.
 */
import type { PluginDefinition } from './plugin.js';
import localPlugin from '../plugins/local/index.js';
import testPaymentsPlugin from '../plugins/test-payments/index.js';
import statuspagePlugin from '../plugins/statuspage/index.js';
import openstackPlugin from '../plugins/openstack/index.js';
import vcloudPlugin from '../plugins/vcloud/index.js';
import netsuitePlugin from '../plugins/netsuite/index.js';
import tintriPlugin from '../plugins/tintri/index.js';
import stripePlugin from '../plugins/stripe/index.js';

export const ENTRY_PLUGINS: Readonly<Record<string, PluginDefinition>> = {
  local: localPlugin,
  statuspage: statuspagePlugin,
  openstack: openstackPlugin,
  vcloud: vcloudPlugin,
  netsuite: netsuitePlugin,
  tintri: tintriPlugin,
  'test-payments': testPaymentsPlugin,
  stripe: stripePlugin,
};
