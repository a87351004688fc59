import type { Db } from '../../db/database.js';
import { readJson, writeJson } from '../../db/json.js';
import { ConflictError, notFound } from '../../errors.js';
import type { Metric } from '../../ports/metrics-provider.js';
import type { UsageStore } from '../usage/usage-store.js';
import { OrderType } from './revenue.js';
import { translated, type Translations } from '../../language.js';
import { errorMessage } from '../../error-messages.js';

/** A plan or add-on of the provider's catalog. Prices are minor units per month. */
export interface CatalogItem {
  id: string;
  product: string;
  kind: 'plan' | 'addon';
  name: string;
  description: string;
  currency: string;
  monthlyAmount: number;
  /** Contract term a renewal extends by. */
  termMonths: number;
  capacity: { vcpus: number | null; ramMb: number | null; diskGb: number | null; bandwidthMbit: number | null };
  /** A physical device (dedicated server, appliance) that can be refreshed and returned. */
  hardware: boolean;
  /** Order of plans within a product by capacity: larger is bigger. */
  rank: number;
  active: boolean;
  /**
   * Add-ons of one group replace each other: ordering another protection tier swaps the
   * tier instead of adding a second one. Null for add-ons that stack.
   */
  group: string | null;
  /**
   * The provider flavor a virtual-server plan maps to, per compute source
   * (`{ "openstack": "<flavorId>" }`): an order moving to the plan resizes the server to it.
   */
  flavors: Record<string, string>;
  /**
   * The name and description in other languages (`{ de: { name: 'Täglich' } }`); `name` and
   * `description` above are in the default language. Answers name an item in the reader's
   * language (`Accept-Language`), falling back to the default one.
   */
  translations: Translations<'name' | 'description'>;
}

/** Which plan one of a tenant's services is on, and when it bills and renews. */
export interface ServicePlan {
  serviceId: string;
  serviceName: string;
  planId: string;
  /** What the customer pays per month today (the catalog price may have moved since). */
  monthlyAmount: number;
  addons: { id: string; monthlyAmount: number }[];
  /** Day of the month the service bills on (1–31; short months bill on their last day). */
  anchorDay: number;
  startedOn: string;
  renewsOn: string;
  /** The device's model or serial for hardware plans. */
  device: string | null;
  /** How the inventory shows it; for certificates and domains `renewsOn` is when they expire. */
  kind: ServiceKind;
}

export const SERVICE_KINDS = ['server', 'dedicated', 'domain', 'certificate', 'other'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** A plan the service could move to, measured against what it used in the last 30 days. */
export interface PlanOption {
  item: CatalogItem;
  /** Peak use ÷ this plan's capacity per metric (1 = exactly full); null without samples or capacity. */
  utilisation: Partial<Record<Metric, number | null>>;
  /** Every measured peak stays under 90 % of this plan's capacity. */
  fits: boolean;
  recommended: boolean;
}

const HIGH = 0.9;
/** An upgrade is recommended when the peak would use at most this share of the new plan. */
const HEADROOM = 0.7;
const PEAK_WINDOW_S = 30 * 86400;

type ItemRow = Awaited<ReturnType<CatalogService['rows']>>[number];

const toItem = (r: ItemRow): CatalogItem => ({
  id: r.id,
  product: r.product,
  kind: r.kind === 'addon' ? 'addon' : 'plan',
  name: translated(r.name, readJson<Translations<'name' | 'description'>>(r.translations, {}), 'name'),
  description: translated(r.description, readJson<Translations<'name' | 'description'>>(r.translations, {}), 'description'),
  translations: readJson<Translations<'name' | 'description'>>(r.translations, {}),
  currency: r.currency,
  monthlyAmount: Number(r.monthly_amount),
  termMonths: r.term_months,
  capacity: { vcpus: r.vcpus, ramMb: r.ram_mb, diskGb: r.disk_gb, bandwidthMbit: r.bandwidth_mbit },
  hardware: r.hardware === 1,
  rank: r.rank,
  active: r.active === 1,
  group: r.addon_group ?? null,
  flavors: readJson<Record<string, string>>(r.flavors, {}),
});

/** The catalog staff maintain through the API, and the plan each service is on. */
export class CatalogService {
  constructor(
    private readonly db: Db,
    private readonly usage: UsageStore,
    private readonly now: () => Date,
  ) {}

  rows() {
    return this.db.selectFrom('catalog_items').selectAll().orderBy('product').orderBy('kind').orderBy('rank').orderBy('id').execute();
  }

  async list(options: { includeInactive?: boolean } = {}): Promise<CatalogItem[]> {
    const items = (await this.rows()).map(toItem);
    return options.includeInactive ? items : items.filter((i) => i.active);
  }

  async get(id: string): Promise<CatalogItem | undefined> {
    const row = await this.db.selectFrom('catalog_items').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toItem(row);
  }

  async upsert(item: CatalogItem): Promise<{ created: boolean }> {
    const values = {
      product: item.product,
      kind: item.kind,
      name: item.name,
      description: item.description,
      currency: item.currency.toUpperCase(),
      monthly_amount: item.monthlyAmount,
      term_months: item.termMonths,
      vcpus: item.capacity.vcpus,
      ram_mb: item.capacity.ramMb,
      disk_gb: item.capacity.diskGb,
      bandwidth_mbit: item.capacity.bandwidthMbit,
      hardware: item.hardware ? 1 : 0,
      rank: item.rank,
      active: item.active ? 1 : 0,
      addon_group: item.kind === 'addon' ? (item.group ?? null) : null,
      flavors: writeJson(item.kind === 'plan' ? (item.flavors ?? {}) : {}),
      translations: writeJson(item.translations ?? {}),
      updated_at: this.now().toISOString(),
    };
    const existing = await this.get(item.id);
    if (existing) await this.db.updateTable('catalog_items').set(values).where('id', '=', item.id).execute();
    else
      await this.db
        .insertInto('catalog_items')
        .values({ id: item.id, ...values })
        .execute();
    return { created: !existing };
  }

  async servicePlans(tenant: string): Promise<ServicePlan[]> {
    const rows = await this.db.selectFrom('service_plans').selectAll().where('tenant_id', '=', tenant).orderBy('service_name').execute();
    return rows.map(toServicePlan);
  }

  /** A tenant's service; another tenant's is 404 like a missing one. */
  async servicePlan(tenant: string, serviceId: string): Promise<ServicePlan> {
    const row = await this.db
      .selectFrom('service_plans')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .where('service_id', '=', serviceId)
      .executeTakeFirst();
    if (!row) throw notFound('service', serviceId);
    return toServicePlan(row);
  }

  async setServicePlan(tenant: string, plan: ServicePlan, db: Db = this.db): Promise<void> {
    const values = {
      service_name: plan.serviceName,
      plan_id: plan.planId,
      monthly_amount: plan.monthlyAmount,
      addons: writeJson(plan.addons),
      anchor_day: plan.anchorDay,
      started_on: plan.startedOn,
      renews_on: plan.renewsOn,
      device: plan.device,
      kind: plan.kind,
      updated_at: this.now().toISOString(),
    };
    await db
      .insertInto('service_plans')
      .values({ tenant_id: tenant, service_id: plan.serviceId, ...values })
      .onConflict((oc) => oc.columns(['tenant_id', 'service_id']).doUpdateSet(values))
      .execute();
  }

  /** Peak use per metric in the last 30 days, in the plan's own units (vCPUs, MiB, GiB, Mbit/s). */
  async peaks(tenant: string, serviceId: string, current: CatalogItem): Promise<Partial<Record<Metric, number>>> {
    const since = this.now().getTime() / 1000 - PEAK_WINDOW_S;
    const [cpu, memory, disk, bandwidth] = await Promise.all(
      (['cpu', 'memory', 'disk', 'bandwidth'] as const).map((m) => this.usage.peak(tenant, serviceId, m, since)),
    );
    const out: Partial<Record<Metric, number>> = {};
    // CPU is measured in percent of the current plan's vCPUs.
    if (cpu != null && current.capacity.vcpus) out.cpu = (cpu / 100) * current.capacity.vcpus;
    if (memory != null) out.memory = memory;
    if (disk != null) out.disk = disk;
    if (bandwidth != null) out.bandwidth = bandwidth;
    return out;
  }

  /**
   * Plans a service can move to for an order type, each against the last 30 days' peaks,
   * cheapest first. For an upgrade the recommended plan is the cheapest that leaves room
   * (`focus`, the metric that hit its limit, or every measured one); for a downgrade the
   * cheapest that still fits; for a hardware refresh the newest model of the line (never
   * the model the service has).
   */
  async options(
    tenant: string,
    serviceId: string,
    type: OrderType,
    focus?: Metric,
  ): Promise<{ service: ServicePlan; current: CatalogItem; peaks: Partial<Record<Metric, number>>; options: PlanOption[] }> {
    const service = await this.servicePlan(tenant, serviceId);
    const current = await this.get(service.planId);
    if (!current) throw new ConflictError(errorMessage('plan_unknown', { plan: service.planId }));
    const peaks = await this.peaks(tenant, serviceId, current);
    const all = await this.list();
    const owned = new Set(service.addons.map((a) => a.id));
    const candidates = all.filter((i) => {
      if (type === 'addon') return i.kind === 'addon' && !owned.has(i.id) && (i.product === current.product || i.product === '*');
      if (i.kind !== 'plan' || i.product !== current.product) return false;
      if (type === 'upgrade') return i.rank > current.rank;
      if (type === 'downgrade') return i.rank < current.rank;
      if (type === 'renewal') return i.id === current.id;
      // refresh: another device of the line, never the model the service has today
      return i.hardware && current.hardware && i.id !== current.id && i.rank >= current.rank;
    });
    const measure = (item: CatalogItem) => {
      const capacity: Record<Metric, number | null> = {
        cpu: item.capacity.vcpus,
        memory: item.capacity.ramMb,
        disk: item.capacity.diskGb,
        bandwidth: item.capacity.bandwidthMbit,
      };
      const utilisation: Partial<Record<Metric, number | null>> = {};
      for (const [metric, peak] of Object.entries(peaks) as [Metric, number][]) {
        const cap = capacity[metric];
        utilisation[metric] = cap ? peak / cap : null;
      }
      return utilisation;
    };
    const options = candidates
      .sort((a, b) => a.monthlyAmount - b.monthlyAmount || a.rank - b.rank)
      .map((item) => {
        const utilisation = type === 'addon' ? {} : measure(item);
        const values = Object.values(utilisation).filter((v): v is number => v != null);
        return { item, utilisation, fits: values.every((v) => v <= HIGH), recommended: false };
      });
    const roomy = (o: PlanOption) => {
      const v = focus ? [o.utilisation[focus]] : Object.values(o.utilisation);
      return v.every((u) => u == null || u <= HEADROOM);
    };
    const newest = () => options.reduce<PlanOption | undefined>((best, o) => (!best || o.item.rank > best.item.rank ? o : best), undefined);
    const pick =
      type === 'upgrade'
        ? (options.find(roomy) ?? options.at(-1))
        : type === 'downgrade'
          ? options.find((o) => o.fits)
          : type === 'refresh'
            ? newest()
            : options[0];
    if (pick) pick.recommended = true;
    return { service, current, peaks, options };
  }
}

function toServicePlan(r: {
  service_id: string;
  service_name: string;
  plan_id: string;
  monthly_amount: number;
  addons: string;
  anchor_day: number;
  started_on: string;
  renews_on: string;
  device: string | null;
  kind: string;
}): ServicePlan {
  return {
    serviceId: r.service_id,
    serviceName: r.service_name,
    planId: r.plan_id,
    monthlyAmount: Number(r.monthly_amount),
    addons: readJson(r.addons, []),
    anchorDay: r.anchor_day,
    startedOn: r.started_on,
    renewsOn: r.renews_on,
    device: r.device,
    kind: (SERVICE_KINDS as readonly string[]).includes(r.kind) ? (r.kind as ServiceKind) : 'other',
  };
}
