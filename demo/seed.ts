import type { Host } from '../host/index.js';

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
export async function seedDemo(host: Host, adminKey: string): Promise<void> {
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
    const res = await admin('PUT', `/api/v1/tenants/${tenant.id}`, { data: { type: 'tenants', attributes: { name: tenant.name, origins: tenant.origins } } });
    if (!res.ok) throw new Error(`Seeding tenant ${tenant.id} failed: ${await res.text()}`);
    for (const service of SERVICES[tenant.id] ?? []) {
      const statusComponents = service.components.flatMap((name) => (byName.has(name) ? [{ source: 'statuspage', componentId: byName.get(name)! }] : []));
      const put = await admin('PUT', `/api/v1/tenants/${tenant.id}/services/${service.id}`, {
        data: { type: 'services', attributes: { name: service.name, kind: service.kind, statusComponents } },
      });
      if (!put.ok) throw new Error(`Seeding service ${service.id} failed: ${await put.text()}`);
    }
  }
  await host.services.maintenances.refresh();
}
