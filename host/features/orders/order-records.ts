import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { readJson, writeJson } from '../../db/json.js';
import { ConflictError, DomainError, ProviderError, notFound } from '../../errors.js';
import type { EventBus } from '../../ports/event-bus.js';
import type { AuditService } from '../audit/audit-service.js';
import type { RevenueCode, OrderType } from './revenue.js';
import { assertMove, type OrderState } from './states.js';
import type { DeviceReturn, Order, ProviderAction, ResizeWindow } from './order-types.js';
import { aboutProvider, orderFailureWords, readerOrderFailure, type Service } from '../../provider-words.js';
import { catalogueWords, errorMessage, storedCatalogueWords, type ErrorMessage } from '../../error-messages.js';

/**
 * Why something failed, for an order's history: `reason` in English as it happened (the
 * audit log keeps that), and when the words are the host's, `reasonMessage`, the catalogue
 * message they came from, so each reader gets the reason in their language.
 */
export function failureDetail(err: unknown): { reason: string; reasonMessage?: ErrorMessage } {
  const reason = err instanceof Error ? err.message : String(err);
  // What the host says about a provider names the vendor: kept as a provider's words, which a
  // customer reads in the host's (provider-words.ts).
  const message =
    err instanceof DomainError || (err instanceof ProviderError && !aboutProvider(err.errorMessage)) ? err.errorMessage : undefined;
  return message ? { reason, reasonMessage: message } : { reason };
}

/** The service an order's provider work is done by. */
export const serviceOfAction = (action: ProviderAction | null): Service => (action?.kind === 'protect' ? 'protection' : 'compute');

/**
 * A history entry's detail as read: a `reason` kept with its catalogue message is worded in the
 * reader's language; a provider's own words (a failure at `source`) only staff read as kept.
 */
function readDetail(stored: string, kind: string, service: Service, order: string): Record<string, unknown> {
  const detail = readJson<Record<string, unknown>>(stored, {});
  if (!('reasonMessage' in detail)) {
    return kind === 'failed' ? readerOrderFailure(detail, service, order) : detail;
  }
  const { reasonMessage, ...rest } = detail;
  const words = catalogueWords(reasonMessage);
  return words === undefined ? rest : { ...rest, reason: words };
}

export const ORDERS_TOPIC = 'orders';

/** Orders as stored: reading them with lines, history and device return; state moves and history entries. */
export class OrderRecords {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly now: () => Date,
    private readonly audit: AuditService,
  ) {}

  async list(tenant: string): Promise<Order[]> {
    const rows = await this.db
      .selectFrom('orders')
      .select('id')
      .where('tenant_id', '=', tenant)
      .orderBy('created_at', 'desc')
      .limit(200)
      .execute();
    return Promise.all(rows.map((r) => this.get(tenant, r.id)));
  }

  async get(tenant: string, id: string): Promise<Order> {
    const row = await this.db.selectFrom('orders').selectAll().where('tenant_id', '=', tenant).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('order', id);
    const [lines, events, ret, delivery] = await Promise.all([
      this.db.selectFrom('order_lines').selectAll().where('order_id', '=', id).orderBy('position').execute(),
      this.db.selectFrom('order_events').selectAll().where('order_id', '=', id).orderBy('seq').execute(),
      this.db.selectFrom('device_returns').selectAll().where('order_id', '=', id).executeTakeFirst(),
      this.db.selectFrom('device_deliveries').selectAll().where('order_id', '=', id).executeTakeFirst(),
    ]);
    const state = row.state as OrderState;
    const action = readJson<ProviderAction | null>(row.provider_action, null);
    const deviceReturn: DeviceReturn | null = ret
      ? {
          device: ret.device,
          carrier: ret.carrier,
          trackingNumber: ret.tracking_number,
          createdAt: ret.created_at,
          attestedAt: ret.attested_at,
          attestedBy: ret.attested_by,
          attestation: ret.attestation,
          receivedAt: ret.received_at,
        }
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
      lines: lines.map((l) => ({
        kind: l.kind as 'plan' | 'addon',
        itemId: l.item_id,
        fromItemId: l.from_item_id,
        description: l.description,
        fromMonthly: Number(l.from_monthly),
        toMonthly: Number(l.to_monthly),
        code: l.code as RevenueCode,
        mrrDelta: Number(l.mrr_delta),
        dueNow: Number(l.due_now),
      })),
      dueNow: Number(row.due_now),
      mrrDelta: Number(row.mrr_delta),
      reviewReasons: readJson(row.review_reasons, []),
      note: row.note,
      createdBy: row.created_by,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      customerAction: state === 'awaiting_device_return' ? (ret?.attested_at ? 'ship_device' : 'attest_wipe') : null,
      deviceReturn,
      delivery: delivery
        ? {
            model: delivery.model,
            carrier: delivery.carrier,
            trackingNumber: delivery.tracking_number,
            shippedAt: delivery.shipped_at,
            deliveredAt: delivery.delivered_at,
            deliveredBy: delivery.delivered_by,
          }
        : null,
      providerAction: action,
      acceptReboot: row.accept_reboot === 1,
      window: (row.resize_window as ResizeWindow | null) ?? null,
      effective: (row.effective as 'now' | 'period_end' | null) ?? null,
      scheduledFor: row.scheduled_for ?? null,
      period: row.period_start && row.period_end ? { start: row.period_start, end: row.period_end } : null,
      failureReason:
        // The host's own words kept with it (`failure_message`) in the reader's language; a
        // provider's words, or a key this version no longer has, fall back to `failure_reason`.
        storedCatalogueWords(row.failure_message) ??
        (row.failure_reason ? orderFailureWords(row.failure_reason, action?.source, serviceOfAction(action), row.number) : null),
      chargeInvoiceId: row.charge_reference ?? null,
      history: events.map((e) => ({
        at: e.at,
        actor: e.actor,
        kind: e.kind,
        from: e.from_state as OrderState | null,
        to: e.to_state as OrderState | null,
        detail: readDetail(e.detail, e.kind, serviceOfAction(action), row.number),
      })),
    };
  }

  async move(
    tenant: string,
    id: string,
    to: OrderState,
    actor: string,
    kind: string,
    detail: Record<string, unknown>,
    set: { failure_reason?: string; failure_message?: string } = {},
  ): Promise<void> {
    const at = this.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('orders').select('state').where('tenant_id', '=', tenant).where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound('order', id);
      const from = row.state as OrderState;
      assertMove(from, to);
      // The state in the WHERE makes a concurrent move from another process lose, not double.
      const done = await trx
        .updateTable('orders')
        .set({ state: to, updated_at: at, ...set })
        .where('id', '=', id)
        .where('state', '=', from)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw new ConflictError(errorMessage('conflict'));
      await this.event(trx, id, actor, kind, from, to, detail);
    });
  }

  async note(id: string, actor: string, kind: string, detail: Record<string, unknown>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('orders').set({ updated_at: this.now().toISOString() }).where('id', '=', id).execute();
      await this.event(trx, id, actor, kind, null, null, detail);
    });
  }

  async event(
    trx: Db,
    orderId: string,
    actor: string,
    kind: string,
    from: OrderState | null,
    to: OrderState | null,
    detail: Record<string, unknown>,
  ): Promise<void> {
    const last = await trx
      .selectFrom('order_events')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('order_id', '=', orderId)
      .executeTakeFirst();
    const seq = Number(last?.seq ?? 0) + 1;
    await trx
      .insertInto('order_events')
      .values({
        id: randomUUID(),
        order_id: orderId,
        seq,
        at: this.now().toISOString(),
        actor,
        kind,
        from_state: from,
        to_state: to,
        detail: writeJson(detail),
      })
      .execute();
    // Every step of an order is account activity too, committed with the step itself; the
    // activity log keeps the reason as it happened, without the catalogue message behind it.
    const order = await trx.selectFrom('orders').select(['tenant_id', 'number']).where('id', '=', orderId).executeTakeFirstOrThrow();
    const { reasonMessage: _, ...activity } = detail;
    await this.audit.append(
      order.tenant_id,
      actor,
      `order.${kind}`,
      order.number,
      { order: orderId, ...(to ? { state: to } : {}), ...activity },
      { db: trx },
    );
  }

  async publish(tenant: string, id: string): Promise<void> {
    const row = await this.db.selectFrom('orders').select(['number', 'state']).where('id', '=', id).executeTakeFirst();
    await this.bus.publish(tenant, ORDERS_TOPIC, { id, number: row?.number, state: row?.state });
  }
}
