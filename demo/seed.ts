import type { Host } from '../host/index.js';
import { ACME_MATRIX, KB_ARTICLES, acmeSubscriptions } from './seed-content.js';

/** The demo's two customers (DESIGN.md) and who signs in for each. */
export const DEMO_TENANTS = [
  { id: 'acme', name: 'Acme Corporation', user: 'alice@acme.example', staff: 'sam@nimbus.example', origins: ['http://localhost:5173'] },
  { id: 'globex', name: 'Globex Inc.', user: 'hank@globex.example', staff: 'sam@nimbus.example', origins: [] },
] as const;

/** Services per tenant and the status-page components (by name) that affect them. */
const SERVICES: Record<string, { id: string; name: string; kind: string; components: string[] }[]> = {
  acme: [
    { id: 'web-01', name: 'web-01.acme', kind: 'server', components: ['Compute – FRA1'] },
    { id: 'web-02', name: 'web-02.acme', kind: 'server', components: ['Compute – FRA1'] },
    { id: 'db-01', name: 'db-01.acme', kind: 'server', components: ['Compute – FRA1', 'Block storage – FRA1'] },
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
      data: { type: 'tenants', attributes: { name: tenant.name, origins: tenant.origins, ...accounts } },
    });
    if (!res.ok) throw new Error(`Seeding tenant ${tenant.id} failed: ${await res.text()}`);
    for (const service of SERVICES[tenant.id] ?? []) {
      const statusComponents = service.components.flatMap((name) => (byName.has(name) ? [{ source: 'statuspage', componentId: byName.get(name)! }] : []));
      const put = await admin('PUT', `/api/v1/tenants/${tenant.id}/services/${service.id}`, {
        data: { type: 'services', attributes: { name: service.name, kind: service.kind, statusComponents } },
      });
      if (!put.ok) throw new Error(`Seeding service ${service.id} failed: ${await put.text()}`);
    }
  }
  // acme's subscriptions (local billing), the knowledge base and the contact matrix.
  for (const [tenant, subs] of [
    ['acme', acmeSubscriptions(new Date())],
  ] as const) {
    for (const sub of subs) {
      const { id, ...attributes } = sub;
      const existing = await host.services.db.selectFrom('subscriptions').select('id').where('id', '=', id).executeTakeFirst();
      if (existing) continue; // keep the invoicing state of earlier runs
      await admin('PUT', `/api/v1/tenants/${tenant}/subscriptions/${id}`, { data: { type: 'subscriptions', attributes } });
    }
  }
  const staffToken = await mint(host, adminKey, 'acme', DEMO_TENANTS[0].staff, ['staff']);
  const staff = (method: string, path: string, body: unknown) =>
    host.fetch(new Request(`http://localhost${path}`, { method, headers: { authorization: `Bearer ${staffToken}`, 'content-type': 'application/vnd.api+json' }, body: JSON.stringify(body) }));
  for (const { slug, ...attributes } of KB_ARTICLES) {
    await staff('PUT', `/api/v1/kb/articles/${slug}`, { data: { type: 'kb-articles', attributes: { ...attributes, published: true } } });
  }
  await staff('PUT', '/api/v1/contact-matrices/shop', { data: { type: 'contact-matrices', attributes: ACME_MATRIX } });
  await host.services.maintenances.refresh();
}

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
