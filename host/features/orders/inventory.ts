import { sourceName } from '../../provider-words.js';
import { dateIn } from '../../dates.js';
import { ProviderError } from '../../errors.js';
import { daysBetween } from './proration.js';
import type { ComputeService, TenantServer } from '../servers/compute-service.js';
import type { CatalogService, ServiceKind } from './catalog.js';

/** One thing the contract includes, as the customer's inventory shows it. */
export interface InventoryItem {
  serviceId: string;
  kind: ServiceKind;
  name: string;
  plan: { id: string; name: string; monthlyAmount: number; currency: string } | null;
  /** Servers only, from the compute provider (null when it cannot be reached). */
  flavor: string | null;
  region: string | null;
  startedOn: string;
  /** Renewal date; for certificates and domains the day they expire. */
  renewsOn: string;
  daysLeft: number;
  expiresSoon: boolean;
  addons: { id: string; name: string; monthlyAmount: number }[];
  device: string | null;
}

/** Warn this many days before a renewal or expiry. */
export const EXPIRES_SOON_DAYS = 30;

/** What a tenant's contract includes: plans, add-ons, servers with their flavor and region, certificates, domains. */
export async function inventory(
  tenant: string,
  deps: { catalog: CatalogService; compute: ComputeService; now: () => Date; timeZone?: string },
): Promise<{ items: InventoryItem[]; unavailable: string[] }> {
  const [plans, items] = await Promise.all([deps.catalog.servicePlans(tenant), deps.catalog.list({ includeInactive: true })]);
  const byId = new Map(items.map((i) => [i.id, i]));
  // Sources whose details are missing, by the names the reader knows them by (a customer never reads a plugin id).
  const unavailable = new Set<string>();
  let servers = new Map<string, TenantServer>();
  if (plans.some((p) => p.kind === 'server')) {
    try {
      const list = await deps.compute.listServers(tenant);
      servers = new Map(list.items.map((s) => [s.id, s]));
      for (const u of list.unavailable) unavailable.add(sourceName(u.source, 'compute'));
    } catch (err) {
      unavailable.add(sourceName(err instanceof ProviderError ? err.pluginId : 'compute', 'compute'));
    }
  }
  const today = dateIn(deps.now(), deps.timeZone ?? 'UTC');
  return {
    items: plans.map((p) => {
      const plan = byId.get(p.planId);
      const server = servers.get(p.serviceId);
      const daysLeft = daysBetween(today, p.renewsOn);
      return {
        serviceId: p.serviceId,
        kind: p.kind,
        name: p.serviceName,
        plan: plan ? { id: plan.id, name: plan.name, monthlyAmount: p.monthlyAmount, currency: plan.currency } : null,
        flavor: server?.flavor?.name ?? null,
        region: server?.region ?? null,
        startedOn: p.startedOn,
        renewsOn: p.renewsOn,
        daysLeft,
        expiresSoon: daysLeft <= EXPIRES_SOON_DAYS,
        addons: p.addons.map((a) => ({ id: a.id, name: byId.get(a.id)?.name ?? a.id, monthlyAmount: a.monthlyAmount })),
        device: p.device,
      };
    }),
    unavailable: [...unavailable],
  };
}
