/**
 * The demo: a fictional provider's portal ("Nimbus Hosting") embedding the kit the way a
 * customer's portal would. Host, seeded SQLite file and every plugin's fake on loopback.
 *
 *   npm start              keep the data of the last run
 *   npm start -- --reset   start over
 */
import { existsSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { createHost, serveHost, type PluginEntry } from '../host/index.js';
import localPlugin from '../plugins/local/index.js';
import testPaymentsPlugin from '../plugins/test-payments/index.js';
import statuspagePlugin from '../plugins/statuspage/index.js';
import { startStatuspageFake } from '../plugins/statuspage/fake.js';
import openstackPlugin from '../plugins/openstack/index.js';
import { startOpenStackFake } from '../plugins/openstack/fake.js';
import vcloudPlugin from '../plugins/vcloud/index.js';
import { startVcloudFake } from '../plugins/vcloud/fake.js';
import tintriPlugin from '../plugins/tintri/index.js';
import { createTintriFake } from '../plugins/tintri/fake.js';
import netsuitePlugin from '../plugins/netsuite/index.js';
import { startNetSuiteFake } from '../plugins/netsuite/fake.js';
import { seedDemo, DEMO_TENANTS } from './seed.js';

const here = dirname(fileURLToPath(import.meta.url));
const reset = process.argv.includes('--reset');
const port = Number(process.env.PORT ?? 8787);
const adminKey = process.env.GLASSPANE_ADMIN_KEY ?? 'demo-admin-key';
const webhookSecret = process.env.GLASSPANE_WEBHOOK_SECRET ?? 'demo-webhook-secret';
const dbFile = process.env.DATABASE_URL || process.env.GLASSPANE_DEMO_DB || '.data/demo.db';
const hostUrl = `http://localhost:${port}`;

if (reset && !dbFile.startsWith('postgres')) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
  console.log('Demo data reset.');
}

// A plugin whose variables are set talks to that endpoint; otherwise to its fake.
const fakes: { close(): Promise<void> }[] = [];
const plugins: PluginEntry[] = [localPlugin, { plugin: testPaymentsPlugin, config: { gateway: 'test' } }];
if (process.env.STATUSPAGE_API_KEY) {
  plugins.push(statuspagePlugin);
} else {
  const fake = await startStatuspageFake({
    webhookUrl: `http://127.0.0.1:${port}/api/v1/hooks/status/statuspage/${webhookSecret}`,
    seed: 'demo',
  });
  fakes.push(fake);
  plugins.push({
    plugin: statuspagePlugin,
    config: { apiUrl: fake.url, apiKey: fake.apiKey, pageId: fake.pageId, maxRetryWaitSeconds: 5 },
  });
}

let openstackProject = process.env.OPENSTACK_PROJECT_ID ?? '';
if (process.env.OPENSTACK_AUTH_URL) {
  plugins.push(openstackPlugin);
} else {
  const fake = await startOpenStackFake({ seed: 'demo' });
  fakes.push(fake);
  openstackProject = fake.projectId;
  plugins.push({
    plugin: openstackPlugin,
    config: {
      authUrl: fake.authUrl,
      username: fake.username,
      password: fake.password,
      projectId: fake.projectId,
      userDomainName: fake.userDomainName,
    },
  });
}

let vcdOrg = process.env.VCD_ORG ?? '';
if (process.env.VCD_URL) {
  plugins.push(vcloudPlugin);
} else {
  const fake = await startVcloudFake({ seed: 'demo' });
  fakes.push(fake);
  vcdOrg = fake.org;
  plugins.push({
    plugin: vcloudPlugin,
    config: {
      url: fake.url,
      org: fake.org,
      username: fake.username,
      password: fake.password,
      // The VDCs' names are the cloud's; customers read the city.
      regionNames: { [`${fake.org}-vdc-ams1`]: 'Amsterdam', [`${fake.org}-vdc-fra1`]: 'Frankfurt' },
    },
  });
}

// acme's servers are protected on a Tintri VMstore: web-01 is 30 h behind its objective.
if (process.env.TINTRI_URL) {
  plugins.push(tintriPlugin);
} else {
  const fake = await createTintriFake({ seed: 'demo', cloneMs: 6000 });
  fakes.push(fake);
  // The operator names the replication destination as customers know the site.
  plugins.push({ plugin: tintriPlugin, config: { ...fake.config, siteNames: { 'dr-vmstore-fra2': 'Frankfurt 2' } } });
}

let globexCustomer = '108';
if (process.env.NETSUITE_ACCOUNT_ID) {
  plugins.push(netsuitePlugin);
  globexCustomer = /globex=(\d+)/.exec(process.env.NETSUITE_CUSTOMER_IDS ?? '')?.[1] ?? globexCustomer;
} else {
  const fake = await startNetSuiteFake({ seed: 'demo' });
  fakes.push(fake);
  plugins.push({
    plugin: netsuitePlugin,
    config: {
      accountId: fake.accountId,
      baseUrl: fake.baseUrl,
      consumerKey: fake.consumerKey,
      consumerSecret: fake.consumerSecret,
      tokenId: fake.tokenId,
      tokenSecret: fake.tokenSecret,
      customerIds: { globex: globexCustomer },
      chargeItemId: '15',
    },
  });
}

const host = await createHost({
  adminKey,
  demo: true,
  database: dbFile,
  plugins,
  webhookSecret,
  pollMs: 15_000,
  // Often enough that the gauges visibly move while someone looks at the demo.
  collectMs: 10_000,
  // What the demo provider's customers call its systems: their errors name these, never the vendors'.
  providerNames: {
    openstack: 'Nimbus Cloud',
    vcloud: 'Nimbus Private Cloud',
    tintri: 'Nimbus Backup',
    netsuite: 'Nimbus Billing',
  },
  // The demo's fictional provider, as its invoices name it.
  invoices: {
    issuer: {
      name: 'Nordlicht Hosting GmbH',
      address: ['Hafenstraße 12', '20457 Hamburg', 'Germany'],
      taxId: 'DE999999999',
      contact: 'billing@nordlicht-hosting.example · +49 40 555 0100',
      paymentDetails: ['Demo Bank', 'IBAN DE00 0000 0000 0000 0000 00', 'BIC DEMODEHHXXX'],
    },
  },
  elementsDir: join(here, '..', 'dist', 'elements'),
});
const seeded = seedDemo(host, adminKey, {
  accounts: {
    acme: {
      computeAccounts: [{ source: 'openstack', scope: openstackProject }],
      billingAccount: { source: 'local', account: 'acme' },
      supportAccount: { source: 'local', account: 'acme' },
    },
    // globex's invoices and support cases live in NetSuite (customer 108), over signed requests.
    globex: {
      computeAccounts: [{ source: 'vcloud', scope: vcdOrg }],
      billingAccount: { source: 'netsuite', account: globexCustomer },
      supportAccount: { source: 'netsuite', account: globexCustomer },
    },
  },
});
await seeded;
// The first collection backfills a year of history from the metrics providers.
void host.services.usage.collect();

/** The portal's own small backend: it holds the admin key, the browser never sees it. */
const portal = new Hono();
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

portal.get('/portal/session', async (c) => {
  const tenant = c.req.query('tenant') ?? 'acme';
  const staff = c.req.query('view') === 'staff';
  const who = DEMO_TENANTS.find((t) => t.id === tenant);
  if (!who) return c.json({ error: `Unknown demo tenant "${tenant}".` }, 404);
  const res = await host.fetch(
    new Request(`${hostUrl}/api/v1/embed-sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/vnd.api+json' },
      body: JSON.stringify({
        data: {
          type: 'embed-sessions',
          attributes: {
            tenant,
            user: staff ? who.staff : who.user,
            roles: staff ? ['staff', 'operator'] : ['customer', 'billing', 'technical'],
            ttlSeconds: 900,
          },
        },
      }),
    }),
  );
  const body = (await res.json()) as { data: { attributes: { token: string; expiresAt: string } } };
  c.header('Cache-Control', 'no-store');
  return c.json({ token: body.data.attributes.token, expiresAt: body.data.attributes.expiresAt });
});

const STATIC: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.svg': 'image/svg+xml',
};
// The documentation site (npm run docs), with live examples against this host.
const docsDir = join(here, '..', 'dist', 'docs');
portal.get('/docs', (c) => c.redirect('/docs/'));
portal.get('/docs/*', async (c) => {
  const rel = c.req.path.replace(/^\/docs\/?/, '') || 'index.html';
  const ext = rel.slice(rel.lastIndexOf('.'));
  const file = join(docsDir, rel);
  if (rel.includes('..') || !STATIC[ext] || !existsSync(file))
    return c.text(existsSync(docsDir) ? 'Not found' : 'The docs site is not built: npm run docs', 404);
  c.header('Content-Type', STATIC[ext]!);
  c.header('Content-Security-Policy', CSP);
  return c.body(await readFile(file));
});

// The whole-portal benchmark (bench/portal.bench.ts) serves its baseline page from this
// folder under /bench/, through the same route, origin and headers as the portal's own page.
const benchDir = process.env.GLASSPANE_DEMO_BENCH_DIR;

// The portal's own files compressed per request, as a CDN in front of a portal would (the
// kit under /elements/ is served from the build's precompressed copies).
portal.get('/*', compress(), async (c) => {
  const path = c.req.path === '/' ? '/index.html' : c.req.path;
  const ext = path.slice(path.lastIndexOf('.'));
  if (path.includes('..') || !STATIC[ext]) return c.notFound();
  const file = benchDir && path.startsWith('/bench/') ? join(benchDir, path.slice('/bench/'.length)) : join(here, 'public', path);
  if (!existsSync(file)) return c.notFound();
  c.header('Content-Type', STATIC[ext]!);
  c.header('Content-Security-Policy', CSP);
  return c.body(await readFile(file));
});

const app = new Hono();
app.route('/', portal);
const server = serveHost({
  fetch: (req, env) => (new URL(req.url).pathname.match(/^\/(api|elements)\//) ? host.fetch(req, env) : app.fetch(req)),
  port,
  hostname: '0.0.0.0',
});

server.once('listening', () => {
  console.log(`\nGlasspane demo — Nimbus Hosting's portal\n`);
  console.log(`  Portal      ${hostUrl}/`);
  console.log(`  API         ${hostUrl}/api/v1/openapi.json`);
  console.log(`  Kit         ${hostUrl}/elements/index.js`);
  console.log(`  Admin key   ${adminKey}${process.env.GLASSPANE_ADMIN_KEY ? '' : '  (demo only; set GLASSPANE_ADMIN_KEY)'}`);
  console.log(`  Database    ${dbFile}`);
  console.log(`  Tenants     ${DEMO_TENANTS.map((t) => t.id).join(', ')}  (staff: ${DEMO_TENANTS[0]!.staff})\n`);
});

async function shutdown() {
  server.close();
  await host.close();
  for (const fake of fakes) await fake.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
