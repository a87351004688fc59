import { randomInt } from 'node:crypto';
import type { Db } from '../../db/database.js';
import type { EventBus } from '../../ports/event-bus.js';
import type { UsageService } from '../usage/usage-service.js';
import type { CatalogItem, CatalogService, ServicePlan } from './catalog.js';
import { anchorAfter } from './proration.js';
import type { OrderRecords } from './order-records.js';
import type { Order } from './order-types.js';

/** Carries out an approved order: the contract (plan, add-ons, renewal date, capacity) and a device return for a refresh. */
export class Fulfilment {
  constructor(
    private readonly db: Db,
    private readonly records: OrderRecords,
    private readonly catalog: CatalogService,
    private readonly usage: UsageService,
    private readonly bus: EventBus,
    private readonly now: () => Date,
    private readonly returnsCarrier: string,
  ) {}

  /** approved → provisioning → (the plan applied) → completed, or awaiting a device return. */
  async fulfil(tenant: string, id: string, actor: string, message?: string): Promise<void> {
    await this.records.move(tenant, id, 'approved', actor, 'approved', message ? { message } : {});
    await this.records.move(tenant, id, 'provisioning', 'glasspane', 'provisioning', {});
    const order = await this.records.get(tenant, id);
    const before = await this.catalog.servicePlan(tenant, order.serviceId);
    await this.apply(tenant, order);
    if (order.type === 'refresh') {
      await this.db
        .insertInto('device_returns')
        .values({ order_id: id, tenant_id: tenant, device: before.device ?? order.serviceName, carrier: this.returnsCarrier, tracking_number: trackingNumber(), created_at: this.now().toISOString(), attested_at: null, attested_by: null, attestation: null, received_at: null })
        .execute();
      await this.records.move(tenant, id, 'awaiting_device_return', 'glasspane', 'return_label', {});
    } else {
      await this.records.move(tenant, id, 'completed', 'glasspane', 'completed', {});
    }
  }

  /** The service's plan, add-ons, renewal date and capacity change; the usage gauge redraws its capacity line. */
  async apply(tenant: string, order: Order): Promise<void> {
    const service = await this.catalog.servicePlan(tenant, order.serviceId);
    const next: ServicePlan = { ...service, addons: [...service.addons] };
    let plan: CatalogItem | undefined;
    for (const line of order.lines) {
      if (line.kind === 'addon' && line.itemId) {
        if (line.fromItemId) next.addons = next.addons.filter((a) => a.id !== line.fromItemId);
        next.addons.push({ id: line.itemId, monthlyAmount: line.toMonthly });
      }
      if (line.kind === 'plan' && line.itemId) {
        plan = await this.catalog.get(line.itemId);
        next.planId = line.itemId;
        next.monthlyAmount = line.toMonthly;
      }
    }
    if (order.type === 'renewal' && plan) next.renewsOn = anchorAfter(service.renewsOn, plan.termMonths, Number(service.renewsOn.slice(8, 10)));
    if (order.type === 'refresh') next.device = `${plan?.name ?? service.serviceName} (replacement, ${order.number})`;
    await this.catalog.setServicePlan(tenant, next);
    // CPU is measured in percent of the plan's vCPUs, so its capacity line stays at 100 %.
    if (plan && order.type !== 'renewal') {
      const { ramMb, diskGb, bandwidthMbit } = plan.capacity;
      if (ramMb) await this.usage.setPlanCapacity(tenant, order.serviceId, 'memory', ramMb);
      if (diskGb) await this.usage.setPlanCapacity(tenant, order.serviceId, 'disk', diskGb);
      if (bandwidthMbit) await this.usage.setPlanCapacity(tenant, order.serviceId, 'bandwidth', bandwidthMbit);
      await this.bus.publish(tenant, 'usage', null);
    }
  }
}

/** A tracking number with a mod-10 check digit (the carrier's own would come from its API). */
function trackingNumber(): string {
  const digits = Array.from({ length: 11 }, () => randomInt(10));
  const sum = digits.reduceRight((s, d, i) => s + ((digits.length - i) % 2 ? d * 3 : d), 0);
  return `GP${digits.join('')}${(10 - (sum % 10)) % 10}`;
}
