import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.js';
import type { AuditService } from '../audit/audit-service.js';
import { writeJson } from '../../db/json.js';
import { nextNumber } from '../../db/sequences.js';
import { isUniqueViolation } from '../../db/constraints.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import type { EventBus } from '../../ports/event-bus.js';
import { requestHash, withIdempotency } from '../billing/idempotency.js';
import type { UsageService } from '../usage/usage-service.js';
import type { TenantService } from '../tenants/tenant-service.js';
import { CatalogService } from './catalog.js';
import { codeLine, typeMismatch, type OrderType } from './revenue.js';
import { ORDER_STATES, assertMove, isOpen } from './states.js';
import { renderShippingLabel } from './shipping-label.js';
import { Quoter } from './quote.js';
import { OrderRecords } from './order-records.js';
import { Fulfilment } from './fulfilment.js';
import type { Order, OrderInput, OrderServiceOptions, Quote, ReviewAction } from './order-types.js';
import { errorMessage } from '../../error-messages.js';

export { ORDERS_TOPIC } from './order-records.js';
export type * from './order-types.js';

/**
 * Self-serve orders: quotes with proration and host-computed revenue codes (quote.ts),
 * idempotent placement, the documented state machine (states.ts, order-records.ts), the
 * account manager's review (approve, reject, answer, correct the type), and hardware
 * refresh with a device return (fulfilment.ts).
 */
export class OrderService {
  readonly catalog: CatalogService;
  readonly #opts: Required<OrderServiceOptions>;
  readonly quoter: Quoter;
  readonly records: OrderRecords;
  readonly fulfilment: Fulfilment;

  constructor(
    private readonly db: Db,
    private readonly tenants: TenantService,
    usage: UsageService,
    bus: EventBus,
    private readonly now: () => Date,
    audit: AuditService,
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
    this.quoter = new Quoter(this.catalog, now, this.#opts);
    this.records = new OrderRecords(db, bus, now, audit);
    this.fulfilment = new Fulfilment(
      db,
      this.records,
      this.catalog,
      usage,
      bus,
      now,
      this.#opts.returnsCarrier,
      this.#opts.billingTimeZone,
    );
  }

  /** Runs approved orders whose time came (resizes tonight, downgrades at the period end) and retries charges. */
  runDue(): Promise<number> {
    return this.fulfilment.runDue();
  }

  /** The price, proration and coding of an order, without placing it; with what it runs at a provider. */
  async quote(tenant: string, input: OrderInput): Promise<Quote> {
    const quote = await this.quoter.quote(tenant, input);
    return quote.providerAction ? quote : { ...quote, providerAction: await this.fulfilment.protectAction(quote) };
  }

  /**
   * Places an order once per Idempotency-Key. Self-serve orders are approved and
   * provisioned at once; the others wait in the account manager's queue.
   */
  async place(tenant: string, actor: string, key: string, input: OrderInput): Promise<{ order: Order; replayed: boolean }> {
    const { result, replayed } = await withIdempotency(
      this.db,
      tenant,
      `orders:${key}`,
      requestHash(input),
      () => this.#place(tenant, actor, input),
      { now: this.now },
    );
    return { order: await this.records.get(tenant, String(result)), replayed };
  }

  async #place(tenant: string, actor: string, input: OrderInput): Promise<string> {
    // The contract as this request saw it: another order may change it before ours is in.
    const seen = await this.db
      .selectFrom('service_plans')
      .select(['plan_id', 'addons'])
      .where('tenant_id', '=', tenant)
      .where('service_id', '=', input.serviceId)
      .executeTakeFirst();
    const quote = await this.quote(tenant, input);
    if (quote.providerAction) await this.fulfilment.assertCanResize(quote, input);
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
            throw new ConflictError(errorMessage('plan_changed', { service: quote.serviceName }));
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
            accept_reboot: input.acceptReboot ? 1 : 0,
            resize_window: quote.providerAction?.kind === 'resize' ? (input.window ?? 'now') : null,
            effective: quote.type === 'downgrade' ? (input.effective ?? 'period_end') : null,
            provider_action: quote.providerAction ? writeJson(quote.providerAction) : null,
            period_start: quote.period.today,
            period_end: quote.period.next,
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
        await this.records.event(trx, id, actor, 'placed', null, 'submitted', {
          dueNow: quote.dueNow,
          mrrDelta: quote.mrrDelta,
          reasons: quote.reviewReasons,
        });
      });
    } catch (err) {
      // Another request placed one between the check above and this insert: the index decided.
      if (!isUniqueViolation(err, { name: 'orders_one_open_per_service' })) throw err;
      await this.#refuseSecondOpen(tenant, quote.serviceId, quote.serviceName, quote.type);
      throw new ConflictError(errorMessage('order_already_open', { service: quote.serviceName }));
    }
    if (quote.reviewReasons.length)
      await this.records.move(tenant, id, 'in_review', 'glasspane', 'review', { reasons: quote.reviewReasons });
    else await this.fulfilment.fulfil(tenant, id, 'self-serve');
    await this.records.publish(tenant, id);
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
    throw new ConflictError(
      errorMessage('order_already_open.other', {
        order: open.number,
        type: open.type,
        service: serviceName,
        addon: type === 'addon' ? 1 : 0,
      }),
    );
  }

  list(tenant: string): Promise<Order[]> {
    return this.records.list(tenant);
  }

  get(tenant: string, id: string): Promise<Order> {
    return this.records.get(tenant, id);
  }

  /**
   * Withdraws an order before it is carried out: nobody approved it yet, or it waits
   * approved for its time (a resize tonight, a downgrade at the period end). Nothing was
   * charged for it then (the charge follows the change). An order already being carried
   * out, or done, is a 409 that says so.
   */
  async cancel(tenant: string, actor: string, id: string, message?: string): Promise<Order> {
    const order = await this.records.get(tenant, id);
    const waiting = order.state === 'approved' && !!order.scheduledFor;
    if (!isOpen(order.state)) {
      throw new ConflictError(errorMessage('order_closed', { order: order.number, state: order.state }));
    }
    if (order.state !== 'submitted' && order.state !== 'in_review' && !waiting) {
      throw new ConflictError(errorMessage('order_in_fulfilment', { order: order.number, state: order.state }));
    }
    await this.records.move(tenant, id, 'cancelled', actor, 'cancelled', message ? { message } : {});
    if (waiting) await this.db.updateTable('orders').set({ scheduled_for: null }).where('id', '=', id).execute();
    await this.records.publish(tenant, id);
    return this.records.get(tenant, id);
  }

  /** The customer confirms the returned device was wiped; required before it is received. */
  async attest(tenant: string, actor: string, id: string, statement: string): Promise<Order> {
    const order = await this.records.get(tenant, id);
    if (order.state !== 'awaiting_device_return' || !order.deviceReturn) throw new ConflictError(errorMessage('invalid_state.attest'));
    if (order.deviceReturn.attestedAt)
      throw new ConflictError(errorMessage('already_attested', { who: order.deviceReturn.attestedBy ?? '' }));
    const at = this.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('device_returns')
        .set({ attested_at: at, attested_by: actor, attestation: statement })
        .where('order_id', '=', id)
        .execute();
      await trx.updateTable('orders').set({ updated_at: at }).where('id', '=', id).execute();
      await this.records.event(trx, id, actor, 'attested', null, null, { statement });
    });
    await this.records.publish(tenant, id);
    return this.records.get(tenant, id);
  }

  /** The return label as PDF: from the customer to the returns depot, with the tracking number. */
  async label(tenant: string, id: string): Promise<{ filename: string; pdf: Uint8Array }> {
    const order = await this.records.get(tenant, id);
    if (!order.deviceReturn) throw new NotFoundError(errorMessage('no_device_return'));
    const customer = (await this.tenants.get(tenant))?.name ?? tenant;
    const pdf = await renderShippingLabel({ order, customer, provider: this.#opts.providerName, to: this.#opts.returnsAddress });
    return { filename: `return-label-${order.number}.pdf`, pdf };
  }

  /** The account manager's decisions; each one is in the order's history with who and when. */
  async review(tenant: string, actor: string, id: string, decision: ReviewAction): Promise<Order> {
    const order = await this.records.get(tenant, id);
    switch (decision.action) {
      case 'approve':
        if (order.state !== 'in_review' && order.state !== 'submitted') assertMove(order.state, 'approved');
        await this.fulfilment.fulfil(tenant, id, actor, decision.message);
        break;
      case 'reject':
        await this.records.move(tenant, id, 'rejected', actor, 'rejected', { message: decision.message });
        break;
      case 'schedule':
        await this.fulfilment.schedule(tenant, order, actor, decision.on, decision.message);
        break;
      case 'cancel':
        return this.cancel(tenant, actor, id, decision.message);
      case 'answer':
        if (!isOpen(order.state)) throw new ConflictError(errorMessage('invalid_state.closed', { state: order.state }));
        await this.records.note(id, actor, 'answered', { message: decision.message });
        break;
      case 'recode':
        await this.#recode(tenant, order, actor, decision.type, decision.message);
        break;
      case 'ship': {
        if (order.state !== 'awaiting_delivery')
          throw new ConflictError(errorMessage('invalid_state.ship', { order: order.number, state: order.state }));
        const at = this.now().toISOString();
        await this.db
          .updateTable('device_deliveries')
          .set({ carrier: decision.carrier, tracking_number: decision.trackingNumber, shipped_at: at })
          .where('order_id', '=', id)
          .execute();
        await this.records.note(id, actor, 'shipped', {
          carrier: decision.carrier,
          trackingNumber: decision.trackingNumber,
          ...(decision.message ? { message: decision.message } : {}),
        });
        break;
      }
      case 'delivered':
        if (order.state !== 'awaiting_delivery') assertMove(order.state, 'awaiting_device_return');
        if (!order.delivery?.trackingNumber) throw new ConflictError(errorMessage('not_shipped'));
        await this.fulfilment.delivered(tenant, order, actor, decision.message);
        break;
      case 'device-received': {
        if (order.state !== 'awaiting_device_return') assertMove(order.state, 'device_received');
        if (!order.deviceReturn?.attestedAt) throw new ConflictError(errorMessage('not_attested'));
        await this.db.updateTable('device_returns').set({ received_at: this.now().toISOString() }).where('order_id', '=', id).execute();
        await this.records.move(tenant, id, 'device_received', actor, 'device_received', { message: decision.message });
        break;
      }
      case 'complete':
        await this.records.move(tenant, id, 'completed', actor, 'completed', { message: decision.message });
        break;
    }
    await this.records.publish(tenant, id);
    return this.records.get(tenant, id);
  }

  /**
   * Corrects the order's type; the revenue codes follow from the new type and the same
   * plan changes, and the correction is in the history and the audit log.
   */
  async #recode(tenant: string, order: Order, actor: string, type: OrderType, message?: string): Promise<void> {
    if (order.state !== 'in_review' && order.state !== 'submitted')
      throw new ConflictError(errorMessage('invalid_state.recode', { state: order.state }));
    if (type === order.type) throw new ValidationError(errorMessage('invalid.same_type', { type }), '/data/attributes/type');
    const plan = order.lines.find((l) => l.kind === 'plan');
    if (type === 'addon' ? !!plan : !plan)
      throw new ValidationError(errorMessage(type === 'addon' ? 'invalid.addon_type' : 'invalid.plan_type'), '/data/attributes/type');
    const lines = await this.db.selectFrom('order_lines').selectAll().where('order_id', '=', order.id).orderBy('position').execute();
    const items = new Map((await this.catalog.list({ includeInactive: true })).map((i) => [i.id, i]));
    const recoded = lines.map((l) => ({
      position: l.position,
      ...codeLine(type, {
        kind: l.kind as 'plan' | 'addon',
        fromMonthly: Number(l.from_monthly),
        toMonthly: Number(l.to_monthly),
        fromRank: items.get(l.from_item_id ?? '')?.rank,
        toRank: items.get(l.item_id ?? '')?.rank,
      }),
    }));
    const planChange = plan && {
      kind: 'plan' as const,
      fromMonthly: plan.fromMonthly,
      toMonthly: plan.toMonthly,
      fromRank: items.get(plan.fromItemId ?? '')?.rank,
      toRank: items.get(plan.itemId ?? '')?.rank,
    };
    const reasons = new Set(order.reviewReasons);
    if (typeMismatch(type, planChange)) reasons.add('type_mismatch');
    else reasons.delete('type_mismatch');
    if (type === 'refresh') reasons.add('hardware');
    const at = this.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      for (const r of recoded)
        await trx
          .updateTable('order_lines')
          .set({ code: r.code, mrr_delta: r.mrrDelta })
          .where('order_id', '=', order.id)
          .where('position', '=', r.position)
          .execute();
      await trx
        .updateTable('orders')
        .set({ type, mrr_delta: recoded.reduce((s, r) => s + r.mrrDelta, 0), review_reasons: writeJson([...reasons]), updated_at: at })
        .where('id', '=', order.id)
        .execute();
      const detail = {
        from: order.type,
        to: type,
        codes: { before: order.lines.map((l) => l.code), after: recoded.map((r) => r.code) },
        ...(message ? { message } : {}),
      };
      await this.records.event(trx, order.id, actor, 'recoded', null, null, detail);
    });
  }

  /** The orders waiting for the account manager on this account: to review, scheduled, to receive, and recent failures. */
  async queue(tenant: string): Promise<Order[]> {
    const rows = await this.db
      .selectFrom('orders')
      .select('id')
      .where('tenant_id', '=', tenant)
      .where((eb) =>
        eb.or([
          eb('state', 'in', ['submitted', 'in_review', 'awaiting_delivery', 'awaiting_device_return', 'device_received']),
          // Approved and waiting for its time: staff can still move or cancel it.
          eb.and([eb('state', '=', 'approved'), eb('scheduled_for', 'is not', null)]),
          // A failed order shows the provider's reason to staff for two weeks.
          eb.and([eb('state', '=', 'failed'), eb('updated_at', '>=', new Date(this.now().getTime() - 14 * 86_400_000).toISOString())]),
        ]),
      )
      .orderBy('created_at')
      .execute();
    return Promise.all(rows.map((r) => this.records.get(tenant, r.id)));
  }
}
