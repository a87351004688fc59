import { randomInt, randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { readJson, writeJson } from '../../db/json.js';
import { nextNumber } from '../../db/sequences.js';
import { isUniqueViolation } from '../../db/constraints.js';
import { ConflictError, NotFoundError, ValidationError, notFound } from '../../errors.js';
import type { EventBus } from '../../ports/event-bus.js';
import { requestHash, withIdempotency } from '../billing/idempotency.js';
import type { UsageService } from '../usage/usage-service.js';
import type { TenantService } from '../tenants/tenant-service.js';
import { CatalogService, type CatalogItem, type ServicePlan } from './catalog.js';
import { anchorAfter, billingPeriod, dateIn, prorate, type BillingPeriod } from './proration.js';
import { codeLine, typeMismatch, type LineChange, type OrderType, type RevenueCode } from './revenue.js';
import { ORDER_STATES, assertMove, isOpen, type OrderState } from './states.js';
import { renderShippingLabel } from './shipping-label.js';

export const ORDERS_TOPIC = 'orders';

export interface OrderInput {
  type: OrderType;
  serviceId: string;
  /** The plan to move to; a renewal defaults to the current one; an add-on order has none. */
  planId?: string;
  addonIds?: string[];
  note?: string;
}

export interface OrderLine {
  kind: 'plan' | 'addon';
  itemId: string | null;
  fromItemId: string | null;
  description: string;
  fromMonthly: number;
  toMonthly: number;
  code: RevenueCode;
  mrrDelta: number;
  /** Prorated to the next billing date (negative: a credit on the next invoice). */
  dueNow: number;
}

/** Why an order waits for the account manager. */
export type ReviewReason = 'type_mismatch' | 'contraction' | 'hardware' | 'large_amount';

export interface Quote {
  type: OrderType;
  serviceId: string;
  serviceName: string;
  currency: string;
  lines: OrderLine[];
  dueNow: number;
  mrrDelta: number;
  /** The billing period the proration runs to. */
  period: BillingPeriod & { today: string };
  /** When the change takes effect: today, or the renewal date for a renewal. */
  effectiveOn: string;
  reviewReasons: ReviewReason[];
}

export interface OrderEvent {
  at: string;
  actor: string;
  kind: string;
  from: OrderState | null;
  to: OrderState | null;
  detail: Record<string, unknown>;
}

export interface DeviceReturn {
  device: string;
  carrier: string;
  trackingNumber: string;
  createdAt: string;
  attestedAt: string | null;
  attestedBy: string | null;
  attestation: string | null;
  receivedAt: string | null;
}

export interface Order {
  id: string;
  number: string;
  type: OrderType;
  requestedType: OrderType;
  state: OrderState;
  serviceId: string;
  serviceName: string;
  currency: string;
  lines: OrderLine[];
  dueNow: number;
  mrrDelta: number;
  reviewReasons: ReviewReason[];
  note: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** What the customer must do next, if anything. */
  customerAction: 'attest_wipe' | 'ship_device' | null;
  deviceReturn: DeviceReturn | null;
  history: OrderEvent[];
}

export interface Escalation {
  id: string;
  step: string;
  selection: Partial<OrderInput>;
  note: string;
  state: 'open' | 'answered';
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  createdBy: string;
  createdAt: string;
}

export type ReviewAction =
  | { action: 'approve'; message?: string }
  | { action: 'reject'; message: string }
  | { action: 'answer'; message: string }
  | { action: 'recode'; type: OrderType; message?: string }
  | { action: 'device-received'; message?: string }
  | { action: 'complete'; message?: string };

export interface OrderServiceOptions {
  /** IANA zone the provider bills in: "today" for proration is that zone's date. Default UTC. */
  billingTimeZone?: string;
  /** Orders due now above this (minor units) wait for review. Default 100,000 (1,000.00). */
  reviewAbove?: number;
  /** Carrier named on return labels. */
  returnsCarrier?: string;
  /** Lines of the returns depot's address. */
  returnsAddress?: string[];
  providerName?: string;
}

/**
 * Self-serve orders: quotes with proration and host-computed revenue codes, idempotent
 * placement, the documented state machine, the account manager's review (approve,
 * reject, answer, correct the type), hardware refresh with a device return, and
 * escalations from any step of the wizard.
 */
export class OrderService {
  readonly catalog: CatalogService;
  readonly #opts: Required<OrderServiceOptions>;

  constructor(
    private readonly db: Db,
    private readonly tenants: TenantService,
    private readonly usage: UsageService,
    private readonly bus: EventBus,
    private readonly now: () => Date,
    options: OrderServiceOptions = {},
  ) {
    this.catalog = new CatalogService(db, usage.store, now);
    this.#opts = {
      billingTimeZone: options.billingTimeZone ?? 'UTC',
      reviewAbove: options.reviewAbove ?? 100_000,
      returnsCarrier: options.returnsCarrier ?? 'Parcel service',
      returnsAddress: options.returnsAddress ?? ['Returns department', 'Data centre goods-in', '1 Example Way', 'Example City'],
      providerName: options.providerName ?? 'Your provider',
    };
  }

  /** The price, proration and coding of an order, without placing it. */
  async quote(tenant: string, input: OrderInput): Promise<Quote> {
    const service = await this.catalog.servicePlan(tenant, input.serviceId);
    const current = await this.catalog.get(service.planId);
    if (!current) throw new ConflictError('plan_unknown', 'Plan not in the catalog', { detail: `This service's plan "${service.planId}" is no longer in the catalog; ask your account manager.` });
    const today = dateIn(this.now(), this.#opts.billingTimeZone);
    const period = billingPeriod(today, service.anchorDay);
    const changes: (LineChange & { line: Omit<OrderLine, 'code' | 'mrrDelta' | 'dueNow'> })[] = [];

    const target = await this.#targetPlan(input, current);
    if (target) {
      changes.push({
        kind: 'plan',
        fromMonthly: service.monthlyAmount,
        toMonthly: target.monthlyAmount,
        fromRank: current.rank,
        toRank: target.rank,
        line: { kind: 'plan', itemId: target.id, fromItemId: current.id, description: planLine(input.type, current, target), fromMonthly: service.monthlyAmount, toMonthly: target.monthlyAmount },
      });
    }
    const owned = new Set(service.addons.map((a) => a.id));
    const groups = new Set<string>();
    for (const [i, id] of (input.addonIds ?? []).entries()) {
      const addon = await this.catalog.get(id);
      const pointer = `/data/attributes/addonIds/${i}`;
      if (!addon || !addon.active || addon.kind !== 'addon') throw new ValidationError(`"${id}" is not an add-on in the catalog.`, pointer);
      if (owned.has(id)) throw new ValidationError(`This service already has "${addon.name}".`, pointer);
      if (addon.product !== current.product && addon.product !== '*') throw new ValidationError(`"${addon.name}" is not available for ${current.name}.`, pointer);
      if (addon.currency !== current.currency) throw new ValidationError(`"${addon.name}" is priced in ${addon.currency}, this service in ${current.currency}.`, pointer);
      if (addon.group && groups.has(addon.group)) throw new ValidationError(`Choose one of the "${addon.group}" add-ons, not several.`, pointer);
      owned.add(id);
      // An add-on of a group the service already has replaces that one: the line is the
      // difference, coded as add-on (more) or contraction (less) like any other change.
      const replaced = addon.group ? await this.#ownedInGroup(service.addons, addon.group) : undefined;
      if (addon.group) groups.add(addon.group);
      const fromMonthly = replaced?.monthlyAmount ?? 0;
      const description = replaced ? `${replaced.name} → ${addon.name}` : addon.name;
      changes.push({ kind: 'addon', fromMonthly, toMonthly: addon.monthlyAmount, line: { kind: 'addon', itemId: addon.id, fromItemId: replaced?.id ?? null, description, fromMonthly, toMonthly: addon.monthlyAmount } });
    }
    if (changes.length === 0) throw new ValidationError('Choose at least one add-on.', '/data/attributes/addonIds');

    // A renewal changes nothing before the renewal date; everything else starts today.
    const renewal = input.type === 'renewal';
    const lines: OrderLine[] = changes.map((c) => {
      const coded = codeLine(input.type, c);
      const prorated = renewal && c.kind === 'plan' ? 0 : prorate(c.toMonthly - c.fromMonthly, today, period);
      return { ...c.line, code: coded.code, mrrDelta: coded.mrrDelta, dueNow: prorated };
    });
    const dueNow = lines.reduce((s, l) => s + l.dueNow, 0);
    const reasons = new Set<ReviewReason>();
    if (typeMismatch(input.type, changes.find((c) => c.kind === 'plan'))) reasons.add('type_mismatch');
    if (lines.some((l) => l.code === 'contraction')) reasons.add('contraction');
    if (input.type === 'refresh') reasons.add('hardware');
    if (dueNow > this.#opts.reviewAbove) reasons.add('large_amount');
    return {
      type: input.type,
      serviceId: service.serviceId,
      serviceName: service.serviceName,
      currency: current.currency,
      lines,
      dueNow,
      mrrDelta: lines.reduce((s, l) => s + l.mrrDelta, 0),
      period: { ...period, today },
      effectiveOn: renewal ? service.renewsOn : today,
      reviewReasons: [...reasons],
    };
  }

  /** The add-on of `group` the service has today, at the price it pays for it. */
  async #ownedInGroup(addons: ServicePlan['addons'], group: string): Promise<{ id: string; name: string; monthlyAmount: number } | undefined> {
    for (const a of addons) {
      const item = await this.catalog.get(a.id);
      if (item?.group === group) return { id: a.id, name: item.name, monthlyAmount: a.monthlyAmount };
    }
    return undefined;
  }

  async #targetPlan(input: OrderInput, current: CatalogItem): Promise<CatalogItem | undefined> {
    if (input.type === 'addon') {
      if (input.planId) throw new ValidationError('An add-on order does not change the plan; choose an upgrade or downgrade for that.', '/data/attributes/planId');
      return undefined;
    }
    const id = input.planId ?? (input.type === 'renewal' || input.type === 'refresh' ? current.id : undefined);
    if (!id) throw new ValidationError('Choose the plan to move to.', '/data/attributes/planId');
    const plan = await this.catalog.get(id);
    const pointer = '/data/attributes/planId';
    if (!plan || !plan.active || plan.kind !== 'plan') throw new ValidationError(`"${id}" is not a plan in the catalog.`, pointer);
    if (plan.product !== current.product) throw new ValidationError(`"${plan.name}" belongs to another product than ${current.name}; ask your account manager to move products.`, pointer);
    if (plan.currency !== current.currency) throw new ValidationError(`"${plan.name}" is priced in ${plan.currency}, this service in ${current.currency}.`, pointer);
    if ((input.type === 'upgrade' || input.type === 'downgrade') && plan.id === current.id) throw new ValidationError(`This service is already on ${plan.name}.`, pointer);
    if (input.type === 'renewal' && plan.id !== current.id) throw new ValidationError('A renewal keeps the plan; choose an upgrade or downgrade to change it.', pointer);
    if (input.type === 'refresh' && !(plan.hardware && current.hardware)) throw new ValidationError('Only hardware plans can be refreshed.', pointer);
    return plan;
  }

  /**
   * Places an order once per Idempotency-Key. Self-serve orders are approved and
   * provisioned at once; the others wait in the account manager's queue.
   */
  async place(tenant: string, actor: string, key: string, input: OrderInput): Promise<{ order: Order; replayed: boolean }> {
    const { result, replayed } = await withIdempotency(this.db, tenant, `orders:${key}`, requestHash(input), () => this.#place(tenant, actor, input), { now: this.now });
    return { order: await this.get(tenant, String(result)), replayed };
  }

  async #place(tenant: string, actor: string, input: OrderInput): Promise<string> {
    // The contract as this request saw it: another order may change it before ours is in.
    const seen = await this.db.selectFrom('service_plans').select(['plan_id', 'addons']).where('tenant_id', '=', tenant).where('service_id', '=', input.serviceId).executeTakeFirst();
    const quote = await this.quote(tenant, input);
    const id = randomUUID();
    const at = this.now().toISOString();
    await this.#refuseSecondOpen(tenant, quote.serviceId, quote.serviceName, quote.type);
    try {
      await this.db.transaction().execute(async (trx) => {
        if (seen) {
          // A conditional write on the contract row: it locks the row until this transaction
          // ends (PostgreSQL), and finds nothing when a concurrent order already changed the plan.
          const still = await trx
            .updateTable('service_plans')
            .set({ plan_id: seen.plan_id })
            .where('tenant_id', '=', tenant)
            .where('service_id', '=', input.serviceId)
            .where('plan_id', '=', seen.plan_id)
            .where('addons', '=', seen.addons)
            .executeTakeFirst();
          if (Number(still.numUpdatedRows) !== 1) {
            throw new ConflictError('plan_changed', 'The plan changed', { detail: `${quote.serviceName} changed a moment ago (another order); review the new price and order again.` });
          }
        }
        const n = await nextNumber(trx, tenant, 'orders', { countFrom: 'orders' });
        await trx
          .insertInto('orders')
          .values({
            id,
            tenant_id: tenant,
            number: `ORD-${1000 + n}`,
            type: quote.type,
            requested_type: quote.type,
            state: 'submitted',
            service_id: quote.serviceId,
            service_name: quote.serviceName,
            currency: quote.currency,
            due_now: quote.dueNow,
            mrr_delta: quote.mrrDelta,
            review_reasons: writeJson(quote.reviewReasons),
            note: input.note ?? '',
            created_by: actor,
            created_at: at,
            updated_at: at,
          })
          .execute();
        await trx
          .insertInto('order_lines')
          .values(
            quote.lines.map((l, position) => ({
              order_id: id,
              position,
              kind: l.kind,
              item_id: l.itemId,
              from_item_id: l.fromItemId,
              description: l.description,
              from_monthly: l.fromMonthly,
              to_monthly: l.toMonthly,
              code: l.code,
              mrr_delta: l.mrrDelta,
              due_now: l.dueNow,
            })),
          )
          .execute();
        await this.#event(trx, id, actor, 'placed', null, 'submitted', { dueNow: quote.dueNow, mrrDelta: quote.mrrDelta, reasons: quote.reviewReasons });
      });
    } catch (err) {
      // Another request placed one between the check above and this insert: the index decided.
      if (!isUniqueViolation(err, { name: 'orders_one_open_per_service' })) throw err;
      await this.#refuseSecondOpen(tenant, quote.serviceId, quote.serviceName, quote.type);
      throw new ConflictError('order_already_open', 'An order is already open', { detail: `Another order for ${quote.serviceName} was placed a moment ago; look at your orders before placing this one again.` });
    }
    if (quote.reviewReasons.length) await this.#move(tenant, id, 'in_review', 'glasspane', 'review', { reasons: quote.reviewReasons });
    else await this.#fulfil(tenant, id, 'self-serve');
    await this.#publish(tenant, id);
    return id;
  }

  /** One open order per service and kind (plan changes; add-ons): a second is a 409 that names the first. */
  async #refuseSecondOpen(tenant: string, serviceId: string, serviceName: string, type: OrderType): Promise<void> {
    const open = await this.db
      .selectFrom('orders')
      .select(['number', 'type'])
      .where('tenant_id', '=', tenant)
      .where('service_id', '=', serviceId)
      .where('state', 'in', ORDER_STATES.filter(isOpen))
      .where('type', type === 'addon' ? '=' : '!=', 'addon')
      .executeTakeFirst();
    if (!open) return;
    throw new ConflictError('order_already_open', 'An order is already open', {
      detail: `${open.number} (${open.type} of ${serviceName}) is still open; wait for it to finish or cancel it before ordering another ${type === 'addon' ? 'add-on' : 'plan change'} for this service.`,
    });
  }

  async list(tenant: string): Promise<Order[]> {
    const rows = await this.db.selectFrom('orders').select('id').where('tenant_id', '=', tenant).orderBy('created_at', 'desc').limit(200).execute();
    return Promise.all(rows.map((r) => this.get(tenant, r.id)));
  }

  async get(tenant: string, id: string): Promise<Order> {
    const row = await this.db.selectFrom('orders').selectAll().where('tenant_id', '=', tenant).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('order', id);
    const [lines, events, ret] = await Promise.all([
      this.db.selectFrom('order_lines').selectAll().where('order_id', '=', id).orderBy('position').execute(),
      this.db.selectFrom('order_events').selectAll().where('order_id', '=', id).orderBy('seq').execute(),
      this.db.selectFrom('device_returns').selectAll().where('order_id', '=', id).executeTakeFirst(),
    ]);
    const state = row.state as OrderState;
    const deviceReturn: DeviceReturn | null = ret
      ? { device: ret.device, carrier: ret.carrier, trackingNumber: ret.tracking_number, createdAt: ret.created_at, attestedAt: ret.attested_at, attestedBy: ret.attested_by, attestation: ret.attestation, receivedAt: ret.received_at }
      : null;
    return {
      id: row.id,
      number: row.number,
      type: row.type as OrderType,
      requestedType: row.requested_type as OrderType,
      state,
      serviceId: row.service_id,
      serviceName: row.service_name,
      currency: row.currency,
      lines: lines.map((l) => ({ kind: l.kind as 'plan' | 'addon', itemId: l.item_id, fromItemId: l.from_item_id, description: l.description, fromMonthly: Number(l.from_monthly), toMonthly: Number(l.to_monthly), code: l.code as RevenueCode, mrrDelta: Number(l.mrr_delta), dueNow: Number(l.due_now) })),
      dueNow: Number(row.due_now),
      mrrDelta: Number(row.mrr_delta),
      reviewReasons: readJson(row.review_reasons, []),
      note: row.note,
      createdBy: row.created_by,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      customerAction: state === 'awaiting_device_return' ? (ret?.attested_at ? 'ship_device' : 'attest_wipe') : null,
      deviceReturn,
      history: events.map((e) => ({ at: e.at, actor: e.actor, kind: e.kind, from: e.from_state as OrderState | null, to: e.to_state as OrderState | null, detail: readJson(e.detail, {}) })),
    };
  }

  /** The customer withdraws an order that nobody has approved yet. */
  async cancel(tenant: string, actor: string, id: string): Promise<Order> {
    await this.#move(tenant, id, 'cancelled', actor, 'cancelled', {});
    await this.#publish(tenant, id);
    return this.get(tenant, id);
  }

  /** The customer confirms the returned device was wiped; required before it is received. */
  async attest(tenant: string, actor: string, id: string, statement: string): Promise<Order> {
    const order = await this.get(tenant, id);
    if (order.state !== 'awaiting_device_return' || !order.deviceReturn) throw new ConflictError('invalid_state', 'Nothing to attest', { detail: 'Only an order waiting for a device return takes a wipe attestation.' });
    if (order.deviceReturn.attestedAt) throw new ConflictError('already_attested', 'Already attested', { detail: `${order.deviceReturn.attestedBy} attested the wipe already.` });
    const at = this.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('device_returns').set({ attested_at: at, attested_by: actor, attestation: statement }).where('order_id', '=', id).execute();
      await trx.updateTable('orders').set({ updated_at: at }).where('id', '=', id).execute();
      await this.#event(trx, id, actor, 'attested', null, null, { statement });
    });
    await this.#publish(tenant, id);
    return this.get(tenant, id);
  }

  /** The return label as PDF: from the customer to the returns depot, with the tracking number. */
  async label(tenant: string, id: string): Promise<{ filename: string; pdf: Uint8Array }> {
    const order = await this.get(tenant, id);
    if (!order.deviceReturn) throw new NotFoundError('no_device_return', 'No device return', { detail: 'This order returns no device, so it has no shipping label.' });
    const customer = (await this.tenants.get(tenant))?.name ?? tenant;
    const pdf = await renderShippingLabel({ order, customer, provider: this.#opts.providerName, to: this.#opts.returnsAddress });
    return { filename: `return-label-${order.number}.pdf`, pdf };
  }

  /** The account manager's decisions; each one is in the order's history with who and when. */
  async review(tenant: string, actor: string, id: string, decision: ReviewAction): Promise<Order> {
    const order = await this.get(tenant, id);
    switch (decision.action) {
      case 'approve':
        if (order.state !== 'in_review' && order.state !== 'submitted') assertMove(order.state, 'approved');
        await this.#fulfil(tenant, id, actor, decision.message);
        break;
      case 'reject':
        await this.#move(tenant, id, 'rejected', actor, 'rejected', { message: decision.message });
        break;
      case 'answer':
        if (!isOpen(order.state)) throw new ConflictError('invalid_state', 'Order closed', { detail: `The order is ${order.state.replaceAll('_', ' ')}; open a ticket to continue the conversation.` });
        await this.#note(id, actor, 'answered', { message: decision.message });
        break;
      case 'recode':
        await this.#recode(tenant, order, actor, decision.type, decision.message);
        break;
      case 'device-received': {
        if (order.state !== 'awaiting_device_return') assertMove(order.state, 'device_received');
        if (!order.deviceReturn?.attestedAt) throw new ConflictError('not_attested', 'Wipe not attested', { detail: 'The customer has not attested that the device was wiped; ask them to before accepting it.' });
        await this.db.updateTable('device_returns').set({ received_at: this.now().toISOString() }).where('order_id', '=', id).execute();
        await this.#move(tenant, id, 'device_received', actor, 'device_received', { message: decision.message });
        break;
      }
      case 'complete':
        await this.#move(tenant, id, 'completed', actor, 'completed', { message: decision.message });
        break;
    }
    await this.#publish(tenant, id);
    return this.get(tenant, id);
  }

  /**
   * Corrects the order's type; the revenue codes follow from the new type and the same
   * plan changes, and the correction is in the history and the audit log.
   */
  async #recode(tenant: string, order: Order, actor: string, type: OrderType, message?: string): Promise<void> {
    if (order.state !== 'in_review' && order.state !== 'submitted') throw new ConflictError('invalid_state', 'Too late to correct', { detail: `The order is ${order.state.replaceAll('_', ' ')}; only orders in review can be corrected.` });
    if (type === order.type) throw new ValidationError(`The order is already coded as ${type}.`, '/data/attributes/type');
    const plan = order.lines.find((l) => l.kind === 'plan');
    if (type === 'addon' ? !!plan : !plan) throw new ValidationError(type === 'addon' ? 'An order that changes the plan cannot be an add-on order.' : 'An order without a plan change can only be an add-on order.', '/data/attributes/type');
    const lines = await this.db.selectFrom('order_lines').selectAll().where('order_id', '=', order.id).orderBy('position').execute();
    const items = new Map((await this.catalog.list({ includeInactive: true })).map((i) => [i.id, i]));
    const recoded = lines.map((l) => ({
      position: l.position,
      ...codeLine(type, { kind: l.kind as 'plan' | 'addon', fromMonthly: Number(l.from_monthly), toMonthly: Number(l.to_monthly), fromRank: items.get(l.from_item_id ?? '')?.rank, toRank: items.get(l.item_id ?? '')?.rank }),
    }));
    const planChange = plan && { kind: 'plan' as const, fromMonthly: plan.fromMonthly, toMonthly: plan.toMonthly, fromRank: items.get(plan.fromItemId ?? '')?.rank, toRank: items.get(plan.itemId ?? '')?.rank };
    const reasons = new Set(order.reviewReasons);
    if (typeMismatch(type, planChange)) reasons.add('type_mismatch');
    else reasons.delete('type_mismatch');
    if (type === 'refresh') reasons.add('hardware');
    const at = this.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      for (const r of recoded) await trx.updateTable('order_lines').set({ code: r.code, mrr_delta: r.mrrDelta }).where('order_id', '=', order.id).where('position', '=', r.position).execute();
      await trx
        .updateTable('orders')
        .set({ type, mrr_delta: recoded.reduce((s, r) => s + r.mrrDelta, 0), review_reasons: writeJson([...reasons]), updated_at: at })
        .where('id', '=', order.id)
        .execute();
      const detail = { from: order.type, to: type, codes: { before: order.lines.map((l) => l.code), after: recoded.map((r) => r.code) }, ...(message ? { message } : {}) };
      await this.#event(trx, order.id, actor, 'recoded', null, null, detail);
      await trx
        .insertInto('audit_log')
        .values({ id: randomUUID(), tenant_id: tenant, actor, action: 'order.recoded', subject: order.number, detail: writeJson(detail), created_at: at })
        .execute();
    });
  }

  /** approved → provisioning → (the plan applied) → completed, or awaiting a device return. */
  async #fulfil(tenant: string, id: string, actor: string, message?: string): Promise<void> {
    await this.#move(tenant, id, 'approved', actor, 'approved', message ? { message } : {});
    await this.#move(tenant, id, 'provisioning', 'glasspane', 'provisioning', {});
    const order = await this.get(tenant, id);
    const before = await this.catalog.servicePlan(tenant, order.serviceId);
    await this.#apply(tenant, order);
    if (order.type === 'refresh') {
      await this.db
        .insertInto('device_returns')
        .values({ order_id: id, tenant_id: tenant, device: before.device ?? order.serviceName, carrier: this.#opts.returnsCarrier, tracking_number: trackingNumber(), created_at: this.now().toISOString(), attested_at: null, attested_by: null, attestation: null, received_at: null })
        .execute();
      await this.#move(tenant, id, 'awaiting_device_return', 'glasspane', 'return_label', {});
    } else {
      await this.#move(tenant, id, 'completed', 'glasspane', 'completed', {});
    }
  }

  /** The service's plan, add-ons, renewal date and capacity change; the usage gauge redraws its capacity line. */
  async #apply(tenant: string, order: Order): Promise<void> {
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

  async #move(tenant: string, id: string, to: OrderState, actor: string, kind: string, detail: Record<string, unknown>): Promise<void> {
    const at = this.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('orders').select('state').where('tenant_id', '=', tenant).where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound('order', id);
      const from = row.state as OrderState;
      assertMove(from, to);
      // The state in the WHERE makes a concurrent move from another process lose, not double.
      const done = await trx.updateTable('orders').set({ state: to, updated_at: at }).where('id', '=', id).where('state', '=', from).executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw new ConflictError('conflict', 'Changed meanwhile', { detail: 'Someone changed this order at the same moment; reload it.' });
      await this.#event(trx, id, actor, kind, from, to, detail);
    });
  }

  async #note(id: string, actor: string, kind: string, detail: Record<string, unknown>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('orders').set({ updated_at: this.now().toISOString() }).where('id', '=', id).execute();
      await this.#event(trx, id, actor, kind, null, null, detail);
    });
  }

  async #event(trx: Db, orderId: string, actor: string, kind: string, from: OrderState | null, to: OrderState | null, detail: Record<string, unknown>): Promise<void> {
    const last = await trx.selectFrom('order_events').select((eb) => eb.fn.max('seq').as('seq')).where('order_id', '=', orderId).executeTakeFirst();
    const seq = Number(last?.seq ?? 0) + 1;
    await trx.insertInto('order_events').values({ id: randomUUID(), order_id: orderId, seq, at: this.now().toISOString(), actor, kind, from_state: from, to_state: to, detail: writeJson(detail) }).execute();
  }

  async #publish(tenant: string, id: string): Promise<void> {
    const row = await this.db.selectFrom('orders').select(['number', 'state']).where('id', '=', id).executeTakeFirst();
    await this.bus.publish(tenant, ORDERS_TOPIC, { id, number: row?.number, state: row?.state });
  }

  /** "Ask my account manager" from any step, with what was chosen so far. */
  async escalate(tenant: string, actor: string, input: { step: string; selection: Partial<OrderInput>; note: string }): Promise<Escalation> {
    const id = randomUUID();
    await this.db
      .insertInto('escalations')
      .values({ id, tenant_id: tenant, step: input.step, selection: writeJson(input.selection), note: input.note, state: 'open', answer: null, answered_by: null, answered_at: null, created_by: actor, created_at: this.now().toISOString() })
      .execute();
    await this.bus.publish(tenant, ORDERS_TOPIC, { escalation: id, state: 'open' });
    return this.escalation(tenant, id);
  }

  async escalations(tenant: string, options: { open?: boolean } = {}): Promise<Escalation[]> {
    let q = this.db.selectFrom('escalations').selectAll().where('tenant_id', '=', tenant);
    if (options.open) q = q.where('state', '=', 'open');
    return (await q.orderBy('created_at', 'desc').limit(200).execute()).map(toEscalation);
  }

  async escalation(tenant: string, id: string): Promise<Escalation> {
    const row = await this.db.selectFrom('escalations').selectAll().where('tenant_id', '=', tenant).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('request', id);
    return toEscalation(row);
  }

  async answerEscalation(tenant: string, actor: string, id: string, answer: string): Promise<Escalation> {
    await this.escalation(tenant, id);
    await this.db.updateTable('escalations').set({ state: 'answered', answer, answered_by: actor, answered_at: this.now().toISOString() }).where('tenant_id', '=', tenant).where('id', '=', id).execute();
    await this.bus.publish(tenant, ORDERS_TOPIC, { escalation: id, state: 'answered' });
    return this.escalation(tenant, id);
  }

  /** What waits for the account manager on this account: orders to review or receive, open requests. */
  async queue(tenant: string): Promise<{ orders: Order[]; escalations: Escalation[] }> {
    const rows = await this.db
      .selectFrom('orders')
      .select('id')
      .where('tenant_id', '=', tenant)
      .where('state', 'in', ['submitted', 'in_review', 'awaiting_device_return', 'device_received'])
      .orderBy('created_at')
      .execute();
    return { orders: await Promise.all(rows.map((r) => this.get(tenant, r.id))), escalations: await this.escalations(tenant, { open: true }) };
  }
}

function planLine(type: OrderType, from: CatalogItem, to: CatalogItem): string {
  if (type === 'renewal') return `Renewal: ${to.name}, ${to.termMonths} months`;
  if (type === 'refresh') return `Hardware refresh: ${from.name} → ${to.name}`;
  return `${from.name} → ${to.name}`;
}

/** A tracking number with a mod-10 check digit (the carrier's own would come from its API). */
function trackingNumber(): string {
  const digits = Array.from({ length: 11 }, () => randomInt(10));
  const sum = digits.reduceRight((s, d, i) => s + ((digits.length - i) % 2 ? d * 3 : d), 0);
  return `GP${digits.join('')}${(10 - (sum % 10)) % 10}`;
}

function toEscalation(r: { id: string; step: string; selection: string; note: string; state: string; answer: string | null; answered_by: string | null; answered_at: string | null; created_by: string; created_at: string }): Escalation {
  return {
    id: r.id,
    step: r.step,
    selection: readJson(r.selection, {}),
    note: r.note,
    state: r.state === 'answered' ? 'answered' : 'open',
    answer: r.answer,
    answeredBy: r.answered_by,
    answeredAt: r.answered_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}
