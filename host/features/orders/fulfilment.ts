import { randomInt } from 'node:crypto';
import type { Db } from '../../db/database.js';
import type { EventBus } from '../../ports/event-bus.js';
import type { UsageService } from '../usage/usage-service.js';
import type { CatalogItem, CatalogService, ServicePlan } from './catalog.js';
import { addDays, anchorAfter } from './proration.js';
import { failureDetail, serviceOfAction, type OrderRecords } from './order-records.js';
import type { Order, OrderInput, ProtectAction, ProviderAction, Quote, ResizeAction } from './order-types.js';
import type { ProtectionService } from '../protection/protection-service.js';
import { ConflictError, ProviderError, ValidationError } from '../../errors.js';
import { startOfDayIn, dateIn } from '../../dates.js';
import type { ComputeProvider } from '../../ports/compute-provider.js';
import type { BillingProvider } from '../../ports/billing-provider.js';
import { errorMessage, errorText } from '../../error-messages.js';
import { writeJson } from '../../db/json.js';

/** Longer than a resize may take (the OpenStack plugin gives up after 30 minutes). */
const STALE_PROVISIONING_MS = 45 * 60_000;

/** What fulfilment reaches beyond the contract: the compute providers and the billing provider. */
export interface FulfilmentProviders {
  compute: { accounts(tenant: string): Promise<{ source: string; scope: string }[]> };
  computeProviders: readonly ComputeProvider[];
  billing: { account(tenant: string): Promise<{ account: string; provider: BillingProvider }> };
}

/**
 * Carries out an approved order: at the provider first (a server resized to the plan's
 * flavor), then the contract (plan, add-ons, renewal date, capacity), then the bill (the
 * quoted amount through the billing provider, once); a device return for a refresh. An
 * order whose time has not come (a resize tonight, a downgrade at the end of the paid
 * period) waits, approved, for `runDue`.
 */
export class Fulfilment {
  providers: FulfilmentProviders | undefined;
  /** The protection feature: a DR add-on sets its tier's snapshot schedule there. */
  protection: Pick<ProtectionService, 'source' | 'setsSchedules' | 'tiers' | 'applyTier'> | undefined;
  /** Provider work running in this process, by order id. */
  readonly #running = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly records: OrderRecords,
    private readonly catalog: CatalogService,
    private readonly usage: UsageService,
    private readonly bus: EventBus,
    private readonly now: () => Date,
    private readonly returnsCarrier: string,
    private readonly billingTimeZone: string,
  ) {}

  /**
   * A DR add-on order (an add-on that is a protection tier) on a server runs the tier's
   * schedule at the protection provider, when the provider takes schedules.
   */
  async protectAction(quote: Quote): Promise<ProviderAction | null> {
    const protection = this.protection;
    if (quote.type !== 'addon' || !protection?.setsSchedules) return null;
    const tiers = await protection.tiers({ includeInactive: true });
    for (const line of quote.lines) {
      const tier = tiers.find((t) => t.id === line.itemId);
      if (tier)
        return {
          kind: 'protect',
          source: protection.source ?? 'protection',
          serverId: quote.serviceId,
          tierId: tier.id,
          everyMinutes: tier.snapshotEveryMinutes,
          retentionMinutes: tier.retentionDays * 1440,
        };
    }
    return null;
  }

  /** A resizing order needs the customer's consent to the restart and a provider that resizes. */
  async assertCanResize(quote: Quote, input: OrderInput): Promise<void> {
    const action = quote.providerAction!;
    if (action.kind !== 'resize') return;
    if (input.acceptReboot !== true) {
      throw new ValidationError(errorMessage('invalid.accept_reboot', { service: quote.serviceName }), '/data/attributes/acceptReboot');
    }
    const provider = this.providers?.computeProviders.find((p) => p.source === action.source);
    if (!provider?.resize) {
      throw new ConflictError(errorMessage('resize_unsupported', { service: quote.serviceName }));
    }
  }

  /** approved → (when due) provisioning → (provider, contract, bill) → completed, failed, or awaiting a device return. */
  async fulfil(tenant: string, id: string, actor: string, message?: string): Promise<void> {
    await this.records.move(tenant, id, 'approved', actor, 'approved', message ? { message } : {});
    const order = await this.records.get(tenant, id);
    const due = this.#dueAt(order);
    if (due && due.getTime() > this.now().getTime()) {
      await this.db.updateTable('orders').set({ scheduled_for: due.toISOString() }).where('id', '=', id).execute();
      await this.records.note(id, 'glasspane', 'scheduled', {
        at: due.toISOString(),
        reason: order.effective === 'period_end' ? 'period_end' : 'window',
      });
      return;
    }
    await this.#provision(tenant, id);
  }

  /**
   * Staff set the day an order takes effect: an order in review is approved for that day, an
   * approved one that waits moves to it. Today runs it now; a past day is a 422.
   */
  async schedule(tenant: string, order: Order, actor: string, on: string, message?: string): Promise<void> {
    const today = dateIn(this.now(), this.billingTimeZone);
    if (on < today) throw new ValidationError(errorMessage('invalid.past_day', { day: on }), '/data/attributes/on');
    const waiting = order.state === 'approved' && !!order.scheduledFor;
    if (order.state !== 'submitted' && order.state !== 'in_review' && !waiting) {
      throw new ConflictError(errorMessage('invalid_state.schedule', { order: order.number, state: order.state }));
    }
    const at = startOfDayIn(on, this.billingTimeZone);
    if (!waiting) await this.records.move(tenant, order.id, 'approved', actor, 'approved', message ? { message } : {});
    await this.db
      .updateTable('orders')
      .set({ scheduled_for: at.toISOString(), updated_at: this.now().toISOString() })
      .where('id', '=', order.id)
      .execute();
    await this.records.note(order.id, actor, 'scheduled', {
      at: at.toISOString(),
      on,
      reason: 'staff',
      ...(message && waiting ? { message } : {}),
    });
    if (at.getTime() <= this.now().getTime()) await this.#provision(tenant, order.id);
  }

  /** Approved orders whose time came, run now (the job calls this); then charges that failed earlier. */
  async runDue(): Promise<number> {
    const now = this.now().toISOString();
    const due = await this.db
      .selectFrom('orders')
      .select(['tenant_id', 'id'])
      .where('state', '=', 'approved')
      .where('scheduled_for', '<=', now)
      .orderBy('scheduled_for')
      .limit(50)
      .execute();
    for (const o of due) {
      await this.#provision(o.tenant_id, o.id).catch(() => undefined);
      await this.#running.get(o.id);
    }
    await this.#recoverStale();
    const unbilled = await this.db
      .selectFrom('orders')
      .select(['tenant_id', 'id'])
      .where('state', '=', 'completed')
      .where('charge_reference', 'is', null)
      .where('due_now', '!=', 0)
      .where('updated_at', '>=', new Date(this.now().getTime() - 7 * 86_400_000).toISOString())
      .limit(50)
      .execute();
    for (const o of unbilled) await this.#charge(o.tenant_id, await this.records.get(o.tenant_id, o.id), { quiet: true });
    return due.length;
  }

  /**
   * Resizes that no process finishes (the host stopped while the provider worked): after
   * longer than a resize may take, the server decides: on the new flavor and settled, the
   * order completes; otherwise it fails with what the server shows.
   */
  async #recoverStale(): Promise<void> {
    const before = new Date(this.now().getTime() - STALE_PROVISIONING_MS).toISOString();
    const stale = await this.db
      .selectFrom('orders')
      .select(['tenant_id', 'id'])
      .where('state', '=', 'provisioning')
      .where('provider_action', 'is not', null)
      .where('updated_at', '<', before)
      .limit(20)
      .execute();
    for (const o of stale) {
      if (this.#running.has(o.id)) continue;
      const order = await this.records.get(o.tenant_id, o.id);
      const action = order.providerAction!;
      if (action.kind === 'protect') {
        // Setting a schedule is idempotent: ask the storage again.
        await this.#protect(o.tenant_id, order);
        continue;
      }
      const account = (await this.providers?.compute.accounts(o.tenant_id))?.find((a) => a.source === action.source);
      const provider = this.providers?.computeProviders.find((p) => p.source === action.source);
      if (!account || !provider) continue;
      const [server, flavors] = await Promise.all([
        provider.getServer(account.scope, action.serverId),
        provider.listFlavors(account.scope),
      ]).catch(() => [undefined, []] as const);
      const target = flavors.find((f) => f.id === action.flavorId);
      const settled = server && (server.status === 'active' || server.status === 'stopped') && !server.task;
      if (settled && target && (server.flavor?.id === target.id || server.flavor?.name === target.name)) {
        await this.records.note(order.id, 'glasspane', 'resized', {
          source: action.source,
          serverId: action.serverId,
          flavor: target.name,
          recovered: true,
        });
        await this.#complete(o.tenant_id, order);
      } else {
        const words = server
          ? errorMessage('order_failed.resize_unfinished', { status: server.status, flavor: server.flavor?.name ?? '?' })
          : errorMessage('order_failed.server_gone');
        const reason = errorText(words, 'en').detail!;
        await this.records.move(
          o.tenant_id,
          order.id,
          'failed',
          'glasspane',
          'failed',
          { reason, reasonMessage: words, source: action.source, service: serviceOfAction(action) },
          { failure_reason: reason, failure_message: writeJson(words) },
        );
      }
      await this.records.publish(o.tenant_id, order.id);
    }
  }

  /** Resolves when provider work started in this process has ended (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running.size) await Promise.allSettled([...this.#running.values()]);
  }

  #dueAt(order: Order): Date | null {
    // A downgrade placed for the period end (its quote credited nothing) waits for it; one re-coded
    // from another type keeps the effect its quote priced: now.
    if (order.effective === 'period_end' && order.period) return startOfDayIn(order.period.end, this.billingTimeZone);
    if (order.providerAction && order.window === 'tonight') return tonight(this.now(), this.billingTimeZone);
    return null;
  }

  async #provision(tenant: string, id: string): Promise<void> {
    await this.records.move(tenant, id, 'provisioning', 'glasspane', 'provisioning', {});
    const order = await this.records.get(tenant, id);
    if (order.providerAction) {
      // The provider takes minutes: the order shows `provisioning` meanwhile.
      const work = (order.providerAction.kind === 'protect' ? this.#protect(tenant, order) : this.#resize(tenant, order)).finally(() =>
        this.#running.delete(id),
      );
      this.#running.set(id, work);
      return;
    }
    await this.#complete(tenant, order);
  }

  /** The tier's snapshot schedule at the protection provider; refused → failed with its reason, nothing billed. */
  #protect(tenant: string, order: Order): Promise<void> {
    const action = order.providerAction as ProtectAction;
    return this.#atProvider(tenant, order, action.source, async () => {
      if (!this.protection) throw new ProviderError(action.source, errorMessage('schedule_unsupported.host'));
      await this.protection.applyTier(tenant, action.serverId, {
        everyMinutes: action.everyMinutes,
        retentionMinutes: action.retentionMinutes,
        consistency: 'crash',
      });
      await this.records.note(order.id, 'glasspane', 'protected', {
        source: action.source,
        serverId: action.serverId,
        tierId: action.tierId,
        everyMinutes: action.everyMinutes,
      });
    });
  }

  #resize(tenant: string, order: Order): Promise<void> {
    const action = order.providerAction as ResizeAction;
    return this.#atProvider(tenant, order, action.source, async () => {
      const account = (await this.providers?.compute.accounts(tenant))?.find((a) => a.source === action.source);
      const provider = this.providers?.computeProviders.find((p) => p.source === action.source);
      if (!account || !provider?.resize) throw new ProviderError(action.source, errorMessage('resize_unsupported.account'));
      const server = await provider.resize(account.scope, action.serverId, action.flavorId);
      await this.records.note(order.id, 'glasspane', 'resized', {
        source: action.source,
        serverId: action.serverId,
        flavor: server.flavor?.name ?? action.flavorId,
        status: server.status,
      });
    });
  }

  /** Runs the provider's part; its refusal fails the order with the provider's reason (nothing billed), else the order completes. */
  async #atProvider(tenant: string, order: Order, source: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      // The host's own words are kept as a catalogue message too, to be worded in each reader's language.
      const failure = failureDetail(err);
      const words = failure.reasonMessage;
      await this.records.move(
        tenant,
        order.id,
        'failed',
        'glasspane',
        'failed',
        { ...failure, source, service: serviceOfAction(order.providerAction) },
        { failure_reason: failure.reason, ...(words ? { failure_message: writeJson(words) } : {}) },
      );
      await this.records.publish(tenant, order.id);
      return;
    }
    await this.#complete(tenant, order);
    await this.records.publish(tenant, order.id);
  }

  /** The contract changes and the bill follows; a refresh first waits for its new device to arrive. */
  async #complete(tenant: string, order: Order): Promise<void> {
    if (order.type === 'refresh') {
      const model = order.lines.find((l) => l.kind === 'plan')?.itemId ?? '';
      const item = await this.catalog.get(model);
      await this.db
        .insertInto('device_deliveries')
        .values({
          order_id: order.id,
          tenant_id: tenant,
          model: item?.name ?? model,
          carrier: null,
          tracking_number: null,
          shipped_at: null,
          delivered_at: null,
          delivered_by: null,
          created_at: this.now().toISOString(),
        })
        .execute();
      await this.records.move(tenant, order.id, 'awaiting_delivery', 'glasspane', 'awaiting_delivery', {});
      return;
    }
    await this.apply(tenant, order);
    await this.#charge(tenant, order);
    await this.records.move(tenant, order.id, 'completed', 'glasspane', 'completed', {});
  }

  /**
   * Staff confirmed the new device arrived: the contract moves to it, the bill follows, and
   * the old device's return starts (label, wipe attestation, receipt).
   */
  async delivered(tenant: string, order: Order, actor: string, message?: string): Promise<void> {
    const before = await this.catalog.servicePlan(tenant, order.serviceId);
    const at = this.now().toISOString();
    const done = await this.db
      .updateTable('device_deliveries')
      .set({ delivered_at: at, delivered_by: actor })
      .where('order_id', '=', order.id)
      .where('delivered_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new ConflictError(errorMessage('already_delivered', { order: order.number }));
    await this.records.move(tenant, order.id, 'awaiting_device_return', actor, 'delivered', message ? { message } : {});
    await this.apply(tenant, order);
    await this.#charge(tenant, order);
    await this.db
      .insertInto('device_returns')
      .values({
        order_id: order.id,
        tenant_id: tenant,
        device: before.device ?? order.serviceName,
        carrier: this.returnsCarrier,
        tracking_number: trackingNumber(),
        created_at: at,
        attested_at: null,
        attested_by: null,
        attestation: null,
        received_at: null,
      })
      .execute();
    await this.records.note(order.id, 'glasspane', 'return_label', {});
  }

  /**
   * The quoted `dueNow` through the billing provider, once per order (the provider's
   * idempotency by `order:<id>`, and the invoice id kept on the order). Without a billing
   * account or a provider that takes charges, the history says staff bill it by hand.
   */
  async #charge(tenant: string, order: Order, options: { quiet?: boolean } = {}): Promise<void> {
    if (order.dueNow === 0 || order.chargeInvoiceId || !order.period) return;
    const billing = await this.providers?.billing.account(tenant).catch(() => undefined);
    if (!billing?.provider.addCharge) {
      if (!options.quiet)
        await this.records.note(order.id, 'glasspane', 'charge_manual', {
          amount: order.dueNow,
          currency: order.currency,
          periodStart: order.period.start,
          periodEnd: order.period.end,
        });
      return;
    }
    try {
      const { invoiceId } = await billing.provider.addCharge(billing.account, {
        description: `${order.serviceName}: ${order.lines.map((l) => l.description).join('; ')} (${order.number})`,
        amount: order.dueNow,
        currency: order.currency,
        periodStart: order.period.start,
        periodEnd: order.period.end,
        reference: `order:${order.id}`,
      });
      await this.db
        .updateTable('orders')
        .set({ charge_reference: invoiceId ?? `pending:${order.id}` })
        .where('id', '=', order.id)
        .execute();
      await this.records.note(order.id, 'glasspane', 'charged', {
        amount: order.dueNow,
        currency: order.currency,
        invoiceId,
        periodStart: order.period.start,
        periodEnd: order.period.end,
      });
    } catch (err) {
      if (!options.quiet) await this.records.note(order.id, 'glasspane', 'charge_failed', failureDetail(err));
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
    if (order.type === 'renewal' && plan)
      next.renewsOn = anchorAfter(service.renewsOn, plan.termMonths, Number(service.renewsOn.slice(8, 10)));
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

/** The next 02:00 in `timeZone` after `now`. */
export function tonight(now: Date, timeZone: string): Date {
  const today = dateIn(now, timeZone);
  const at = new Date(startOfDayIn(today, timeZone).getTime() + 2 * 3600_000);
  if (at.getTime() > now.getTime()) return at;
  return new Date(startOfDayIn(addDays(today, 1), timeZone).getTime() + 2 * 3600_000);
}
