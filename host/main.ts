/**
 * Production entry: `node --import tsx host/main.ts` (or your bundle of it).
 * Configuration comes from the environment; plugins are enabled by their variables.
 */
import 'reflect-metadata';
import { serve } from '@hono/node-server';
import { createHost, type PluginEntry } from './index.js';
import { adminKeyProblem } from './app.js';
import localPlugin from '../plugins/local/index.js';
import testPaymentsPlugin from '../plugins/test-payments/index.js';
import stripePlugin from '../plugins/stripe/index.js';
import statuspagePlugin from '../plugins/statuspage/index.js';
import openstackPlugin from '../plugins/openstack/index.js';
import vcloudPlugin from '../plugins/vcloud/index.js';
import netsuitePlugin from '../plugins/netsuite/index.js';
import tintriPlugin from '../plugins/tintri/index.js';

const adminKey = process.env.GLASSPANE_ADMIN_KEY;
const keyProblem = adminKeyProblem(adminKey, false);
if (!adminKey || keyProblem) {
  console.error(
    adminKey
      ? `GLASSPANE_ADMIN_KEY is too weak: ${keyProblem}. Generate one with: openssl rand -base64 32`
      : 'GLASSPANE_ADMIN_KEY is not set: the host will not start without an admin key (the demo, `npm start`, sets one for you).',
  );
  process.exit(1);
}

// A plugin is enabled by its variables (DESIGN.md); the local one always is.
const plugins: PluginEntry[] = [localPlugin];
if (process.env.STATUSPAGE_API_KEY || process.env.STATUSPAGE_PAGE_ID) plugins.push(statuspagePlugin);
if (process.env.OPENSTACK_AUTH_URL) plugins.push(openstackPlugin);
if (process.env.VCD_URL) plugins.push(vcloudPlugin);
if (process.env.NETSUITE_ACCOUNT_ID) plugins.push(netsuitePlugin);
if (process.env.TINTRI_URL) plugins.push(tintriPlugin);
// Stripe takes payments when its key is set; otherwise the test gateway (demos and tests only): GLASSPANE_PAYMENT_GATEWAY=test.
if (process.env.STRIPE_SECRET_KEY) plugins.push(stripePlugin);
else if (process.env.GLASSPANE_PAYMENT_GATEWAY) plugins.push(testPaymentsPlugin);

const host = await createHost({
  adminKey,
  tokenSecret: process.env.GLASSPANE_TOKEN_SECRET,
  database: process.env.DATABASE_URL,
  webhookSecret: process.env.GLASSPANE_WEBHOOK_SECRET,
  plugins,
  orders: {
    billingTimeZone: process.env.GLASSPANE_BILLING_TIME_ZONE || undefined,
    providerName: process.env.GLASSPANE_PROVIDER_NAME || undefined,
    returnsAddress: process.env.GLASSPANE_RETURNS_ADDRESS ? process.env.GLASSPANE_RETURNS_ADDRESS.split('|') : undefined,
  },
});
const port = Number(process.env.PORT ?? 8787);
const server = serve({ fetch: host.fetch, port });
console.log(`Glasspane host on http://localhost:${port} (plugins: ${plugins.map((p) => ('plugin' in p ? p.plugin : p).id).join(', ')})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    server.close();
    await host.close();
    process.exit(0);
  });
}
