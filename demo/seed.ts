import type { Host } from '../host/index.js';
import localPlugin, { type LocalSeedData } from '../plugins/local/index.js';
import {
  ACME_MATRIX,
  ACME_TICKET_HISTORY,
  CATALOG,
  PROTECTION_TIERS,
  KB_ARTICLES,
  SERVICE_PLANS,
  acmeSubscriptions,
} from './seed-content.js';

/** The demo's two customers (acme on OpenStack, globex on Cloud Director and NetSuite) and who signs in for each. */
export const DEMO_TENANTS = [
  { id: 'acme', name: 'Acme Corporation', user: 'alice@acme.example', staff: 'sam@nimbus.example', origins: ['http://localhost:5173'] },
  { id: 'globex', name: 'Globex Inc.', user: 'hank@globex.example', staff: 'sam@nimbus.example', origins: [] },
] as const;

/** globex buys through a partner that brands the portal as its own; the host serves the brand. */
const BRANDING: Record<string, unknown> = {
  globex: {
    displayName: 'Globex Cloud',
    colors: { primary: '#15803d', onPrimary: '#ffffff' },
    supportName: 'Globex Care',
    supportEmail: 'care@globex.example',
    supportPhone: '+1 555 0100',
  },
};

/** Whom the demo's invoices are addressed to (fictional companies). */
const BILLING_PROFILES: Record<string, unknown> = {
  acme: { legalName: 'Acme Werkzeuge GmbH', address: ['Industriestraße 7', '70565 Stuttgart', 'Germany'], taxId: 'DE111111111' },
  globex: { legalName: 'Globex Corporation', address: ['1 Globex Way', 'Springfield, OR 97477', 'USA'] },
};

/** Services per tenant and the status-page components (by name) that affect them. */
const SERVICES: Record<string, { id: string; name: string; kind: string; components: string[] }[]> = {
  acme: [
    { id: 'web-01', name: 'web-01.acme', kind: 'server', components: ['Compute – FRA1'] },
    { id: 'web-02', name: 'web-02.acme', kind: 'server', components: ['Compute – FRA1'] },
    { id: 'db-01', name: 'db-01.acme', kind: 'server', components: ['Compute – FRA1', 'Block storage – FRA1'] },
    { id: 'bm-01', name: 'bm-01.acme', kind: 'other', components: [] }, // dedicated hardware: the inventory says so in the reader's language
  ],
  globex: [
    { id: 'app-01', name: 'app-01.globex', kind: 'server', components: ['Compute – AMS1'] },
    { id: 'vpn', name: 'Globex site VPN', kind: 'network', components: ['Network – FRA1'] },
  ],
};

/**
 * Creates the demo's tenants and services through the admin API (idempotent: PUT),
 * linking services to the status page's components by name, so it works against the
 * fake and against a real page that uses the same component names.
 */
export interface SeedOptions {
  /** Per tenant: computeAccounts, billingAccount, supportAccount (see PUT /api/v1/tenants/{id}). */
  accounts: Record<string, Record<string, unknown>>;
}

export async function seedDemo(host: Host, adminKey: string, options: SeedOptions = { accounts: {} }): Promise<void> {
  const admin = (method: string, path: string, body: unknown) =>
    host.fetch(
      new Request(`http://localhost${path}`, {
        method,
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/vnd.api+json' },
        body: JSON.stringify(body),
      }),
    );
  const statuspage = host.services.maintenances.provider('statuspage');
  const components = statuspage ? await statuspage.listComponents().catch(() => []) : [];
  const byName = new Map(components.map((c) => [c.name, c.id]));

  for (const tenant of DEMO_TENANTS) {
    const accounts = options.accounts[tenant.id] ?? {};
    const res = await admin('PUT', `/api/v1/tenants/${tenant.id}`, {
      data: {
        type: 'tenants',
        attributes: {
          name: tenant.name,
          origins: tenant.origins,
          branding: BRANDING[tenant.id] ?? { colors: {} },
          billingProfile: BILLING_PROFILES[tenant.id] ?? { address: [] },
          ...accounts,
        },
      },
    });
    if (!res.ok) throw new Error(`Seeding tenant ${tenant.id} failed: ${await res.text()}`);
    for (const service of SERVICES[tenant.id] ?? []) {
      const statusComponents = service.components.flatMap((name) =>
        byName.has(name) ? [{ source: 'statuspage', componentId: byName.get(name)! }] : [],
      );
      const put = await admin('PUT', `/api/v1/tenants/${tenant.id}/services/${service.id}`, {
        data: { type: 'services', attributes: { name: service.name, kind: service.kind, statusComponents } },
      });
      if (!put.ok) throw new Error(`Seeding service ${service.id} failed: ${await put.text()}`);
    }
  }
  // acme's subscriptions (local billing), the knowledge base and the contact matrix.
  await seedLocal(host, { subscriptions: { acme: acmeSubscriptions(new Date()) } });
  const staffToken = await mint(host, adminKey, 'acme', DEMO_TENANTS[0].staff, ['staff']);
  const staff = (method: string, path: string, body: unknown) =>
    host.fetch(
      new Request(`http://localhost${path}`, {
        method,
        headers: { authorization: `Bearer ${staffToken}`, 'content-type': 'application/vnd.api+json' },
        body: JSON.stringify(body),
      }),
    );
  // The knowledge base is the platform's, written by the provider's operator role.
  const operatorToken = await mint(host, adminKey, 'acme', DEMO_TENANTS[0].staff, ['operator']);
  const operator = (method: string, path: string, body: unknown) =>
    host.fetch(
      new Request(`http://localhost${path}`, {
        method,
        headers: { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/vnd.api+json' },
        body: JSON.stringify(body),
      }),
    );
  for (const { slug, ...attributes } of KB_ARTICLES) {
    await operator('PUT', `/api/v1/kb/articles/${slug}`, { data: { type: 'kb-articles', attributes: { ...attributes, published: true } } });
  }
  await staff('PUT', '/api/v1/contact-matrices/shop', { data: { type: 'contact-matrices', attributes: ACME_MATRIX } });
  await seedOrders(host, adminKey, admin);
  await seedAttestations(host, adminKey);
  await seedHistory(host, admin);
  await host.services.maintenances.refresh();
}

/**
 * What acme's provider systems already know on a fresh database, for the account
 * calendar: the service desk's past tickets, a certificate that expires in twelve days,
 * one bought this week, and the domain. (Backups come from the OpenStack fake's Cinder:
 * weekly, db-01's stopped two weeks ago.)
 */
async function seedHistory(host: Host, admin: (method: string, path: string, body: unknown) => Promise<Response>) {
  const now = Date.now();
  const iso = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString();
  const date = (daysAgo: number) => iso(daysAgo).slice(0, 10);
  const certificates: [string, string, string, number, number][] = [
    ['shop-cert', 'shop.acme.example', 'ssl-dv', 353, -12],
    ['api-cert', 'api.acme.example', 'ssl-dv', 4, -361],
    ['acme-domain', 'acme.example', 'domain-com', 2400, -140],
  ];
  for (const [id, name, planId, startedDaysAgo, renewsDaysAgo] of certificates) {
    const existing = await host.services.db
      .selectFrom('service_plans')
      .select('plan_id')
      .where('tenant_id', '=', 'acme')
      .where('service_id', '=', id)
      .executeTakeFirst();
    if (existing) continue;
    await admin('PUT', `/api/v1/tenants/acme/service-plans/${id}`, {
      data: {
        type: 'service-plans',
        attributes: {
          serviceName: name,
          kind: planId === 'ssl-dv' ? 'certificate' : 'domain',
          planId,
          anchorDay: 1,
          startedOn: date(startedDaysAgo),
          renewsOn: date(renewsDaysAgo),
        },
      },
    });
  }
  // The local service desk's history (acme's tickets live in the local plugin's tables).
  const tickets = ACME_TICKET_HISTORY.map(([subject, urgency, daysAgo]) => ({
    subject,
    description: subject,
    status: daysAgo > 7 ? 'closed' : 'open',
    urgency,
    requester: DEMO_TENANTS[0].user,
    at: iso(daysAgo),
  }));
  await seedLocal(host, { tickets: { acme: tickets } });
}

/** The local plugin writes its own tables; the demo hands it the data. */
function seedLocal(host: Host, data: LocalSeedData): Promise<void> {
  return localPlugin.seed!({ db: host.services.db, now: host.services.now }, data);
}

/**
 * The catalog, each server's plan (servers found by name at their provider, so the ids
 * are the ones the gauges use) and, on a fresh database, one mistyped order waiting for
 * the account manager. Plans of earlier runs are kept: orders change them.
 */
async function seedOrders(host: Host, adminKey: string, admin: (method: string, path: string, body: unknown) => Promise<Response>) {
  for (const [id, attributes] of CATALOG) await admin('PUT', `/api/v1/catalog/${id}`, { data: { type: 'catalog-items', attributes } });
  for (const [id, attributes] of PROTECTION_TIERS)
    await admin('PUT', `/api/v1/protection/tiers/${id}`, { data: { type: 'protection-tiers', attributes } });
  for (const tenant of DEMO_TENANTS) {
    const servers = await host.services.compute.listServers(tenant.id).catch(() => ({ items: [] }));
    const ids = new Map<string, string>(servers.items.map((s) => [s.name, s.id]));
    for (const [name, plan] of Object.entries(SERVICE_PLANS[tenant.id] ?? {})) {
      const serviceId = ids.get(name) ?? (SERVICES[tenant.id]?.some((s) => s.id === name && s.kind !== 'server') ? name : undefined);
      if (!serviceId) continue;
      const existing = await host.services.db
        .selectFrom('service_plans')
        .select('plan_id')
        .where('tenant_id', '=', tenant.id)
        .where('service_id', '=', serviceId)
        .executeTakeFirst();
      if (existing) continue;
      await admin('PUT', `/api/v1/tenants/${tenant.id}/service-plans/${encodeURIComponent(serviceId)}`, {
        data: { type: 'service-plans', attributes: { serviceName: name, device: null, ...plan } },
      });
    }
  }
  const web02 = (await host.services.orders.catalog.servicePlans('acme')).find((p) => p.serviceName === 'web-02');
  if (!web02) return;
  // A customer chose "upgrade" for what is a move to a smaller plan: the account manager corrects it.
  const token = await mint(host, adminKey, 'acme', DEMO_TENANTS[0].user, ['customer', 'billing']);
  await host.fetch(
    new Request('http://localhost/api/v1/orders', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/vnd.api+json',
        'idempotency-key': 'demo-seed-mistyped-order',
      },
      body: JSON.stringify({
        data: {
          type: 'orders',
          attributes: {
            type: 'upgrade',
            serviceId: web02.serviceId,
            planId: 'cloud-s',
            note: 'web-02 is mostly idle since the migration; please make it cheaper.',
          },
        },
      }),
    }),
  );
}

/**
 * The provider's part of the PCI checklist, attested by its staff for each customer on a fresh
 * database: the items a hosting provider alone is responsible for show "Attested by …"
 * instead of "Not started".
 */
async function seedAttestations(host: Host, adminKey: string) {
  for (const tenant of DEMO_TENANTS) {
    const attested = await host.services.db
      .selectFrom('pci_attestations')
      .select('item_id')
      .where('tenant_id', '=', tenant.id)
      .executeTakeFirst();
    if (attested) continue;
    const token = await mint(host, adminKey, tenant.id, tenant.staff, ['staff']);
    for (const [item, note] of PROVIDER_ATTESTATIONS) {
      const res = await host.fetch(
        new Request(`http://localhost/api/v1/pci/items/${item}/attestation`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.api+json' },
          body: JSON.stringify({
            data: { type: 'pci-attestations', attributes: { note, evidenceLink: 'https://trust.nimbus.example/pci-aoc-2026.pdf' } },
          }),
        }),
      );
      if (!res.ok) throw new Error(`Seeding the attestation of ${item} failed: ${await res.text()}`);
    }
  }
}

const PROVIDER_ATTESTATIONS: [string, string][] = [
  ['1.4.1', 'Edge firewalls separate the platform from the internet; customer networks are isolated VLANs. Reviewed every six months.'],
  ['9.2.1', 'Data centre access by badge and PIN, logged and kept for 12 months; visitors escorted.'],
  ['10.7.2', "Failures of the platform's logging and monitoring alert the on-call engineer within 15 minutes."],
];

/** Mints an embed token through the host's own route. */
export async function mint(host: Host, adminKey: string, tenant: string, user: string, roles: string[], ttlSeconds = 900): Promise<string> {
  const res = await host.fetch(
    new Request('http://localhost/api/v1/embed-sessions', {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/vnd.api+json' },
      body: JSON.stringify({ data: { type: 'embed-sessions', attributes: { tenant, user, roles, ttlSeconds } } }),
    }),
  );
  if (res.status !== 201) throw new Error(`Minting a demo token failed: ${await res.text()}`);
  return ((await res.json()) as { data: { attributes: { token: string } } }).data.attributes.token;
}
