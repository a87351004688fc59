import type { Db } from '../../db/database.js';
import type { RefundTable } from '../../db/schema.js';
import type { EventBus } from '../../ports/event-bus.js';
import type { RefundRequest } from '../../ports/hosted-payment-gateway.js';
import { isUniqueViolation } from '../../db/constraints.js';
import { ConflictError, InvalidInputError, ProviderError, UnavailableError, isRefusal, notFound } from '../../errors.js';
import { BILLING_TOPIC, type BillingService } from './billing-service.js';
import { toPaymentView } from './views.js';
import { requestHash } from './idempotency.js';
import { REFUND_LEAVING } from './context.js';
import { paymentResource } from './resources.js';
import { errorMessage } from '../../error-messages.js';

/** Why money goes back: the gateways' reasons (Stripe's `reason`). */
export const REFUND_REASONS = ['requested_by_customer', 'duplicate', 'fraudulent'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

export interface RefundInput {
  /** Minor units; omitted: whatever of the payment is not refunded yet. */
  amount?: number | undefined;
  reason: RefundReason;
  /** Staff's own words for the audit log. */
  note?: string | undefined;
}

export interface RefundView {
  id: string;
  paymentId: string;
  amount: number;
  currency: string;
  reason: RefundReason;
  note: string | null;
  /**
   * `requested`: the gateway has not answered yet (retry with the same Idempotency-Key);
   * `succeeded` (cards, at once) or `pending` (bank debits, days); `failed`, `canceled`.
   */
  status: 'requested' | 'succeeded' | 'pending' | 'failed' | 'canceled' | 'requires_action';
  failureMessage: string | null;
  createdBy: string;
  createdAt: string;
}

/** Marks a refund the gateway did not answer: a retry asks again at once. */
const UNANSWERED = 'The gateway did not answer; retry with the same Idempotency-Key.';
/** How long a retry waits for a first request still talking to the gateway. */
const REPLAY_WAIT_MS = 15_000;
/** Refunds that hold part of the payment: done, on their way, or not answered yet. */
const HOLDING = ['requested', 'succeeded', 'pending', 'requires_action'];

/**
 * Refunds of a payment by the provider's staff, partial or full, at the payment's gateway.
 * Each refund's row is written before the gateway is asked, with its own gateway key, and
 * is the request's idempotency record: the same Idempotency-Key answers the same refund,
 * and a request whose answer was lost re-sends the same key, so the gateway refunds once.
 * When the refunds cover the whole amount the payment's state becomes `refunded`. The
 * billing system is told of each refund the gateway made (`RefundRecords`), once, retried
 * by the reconciliation job until it has it.
 */
export class RefundService {
  constructor(
    private readonly db: Db,
    private readonly billing: BillingService,
    private readonly bus: EventBus,
    private readonly now: () => Date,
  ) {}

  async list(tenant: string, paymentId: string): Promise<RefundView[]> {
    await this.#payment(tenant, paymentId);
    const rows = await this.db
      .selectFrom('refunds')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .where('payment_id', '=', paymentId)
      .orderBy('created_at')
      .execute();
    return rows.map(toRefundView);
  }

  /** Refunds `input.amount` (or the rest) of a payment once per Idempotency-Key. */
  async refund(
    tenant: string,
    actor: string,
    key: string,
    paymentId: string,
    input: RefundInput,
  ): Promise<{ refund: RefundView; replayed: boolean }> {
    const hash = requestHash({ paymentId, ...input });
    const previous = await this.#byKey(tenant, key);
    if (previous) return { refund: await this.#replay(previous, hash), replayed: true };
    const payment = await this.#payment(tenant, paymentId);
    if (payment.state === 'refunded') throw new ConflictError(errorMessage('payment_refunded', { payment: payment.id }));
    if (payment.state !== 'recorded' || !payment.gateway_reference) {
      throw new ConflictError(errorMessage(payment.state === 'failed' ? 'payment_not_refundable.failed' : 'payment_not_refundable'));
    }
    const gateway = this.billing.hostedGateway;
    if (!gateway || gateway.id !== payment.gateway)
      throw new UnavailableError(errorMessage('gateway_missing.other', { gateway: payment.gateway ?? '' }));
    const held = await this.db
      .selectFrom('refunds')
      .select('amount')
      .where('tenant_id', '=', tenant)
      .where('payment_id', '=', paymentId)
      .where('status', 'in', HOLDING)
      .execute();
    const remaining = payment.amount - held.reduce((sum, r) => sum + Number(r.amount), 0);
    if (remaining <= 0)
      throw new ConflictError(
        errorMessage('payment_refunded.covered', { payment: payment.id, amount: payment.amount, currency: payment.currency }),
      );
    const amount = input.amount ?? remaining;
    if (amount > remaining) {
      throw new InvalidInputError(errorMessage('amount_too_large', { amount: remaining, currency: payment.currency }), {
        pointer: '/data/attributes/amount',
      });
    }
    const id = crypto.randomUUID();
    const at = this.now().toISOString();
    const row: RefundTable = {
      id,
      tenant_id: tenant,
      payment_id: payment.id,
      amount,
      currency: payment.currency,
      reason: input.reason,
      note: input.note ?? null,
      status: 'requested',
      request_key: key,
      request_hash: hash,
      gateway_key: `gp_refund_${id}`,
      gateway_reference: null,
      failure_message: null,
      record_state: 'pending',
      provider_reference: null,
      record_error: null,
      created_by: actor,
      created_at: at,
      updated_at: at,
    };
    try {
      await this.db.insertInto('refunds').values(row).execute();
    } catch (err) {
      // The same key, sent twice at once: the other request's row won.
      const winner = isUniqueViolation(err) ? await this.#byKey(tenant, key) : undefined;
      if (winner) return { refund: await this.#replay(winner, hash), replayed: true };
      throw err;
    }
    await this.billing.audit(tenant, actor, 'refund.requested', payment.id, {
      refundId: id,
      amount,
      currency: payment.currency,
      reason: input.reason,
      note: input.note ?? null,
    });
    return { refund: await this.#send(row), replayed: false };
  }

  /**
   * Asks the gateway under the row's own key. A refusal (more than is left, a charge the
   * gateway cannot refund) fails the refund; an outage leaves it `requested` for a retry.
   */
  async #send(row: RefundTable): Promise<RefundView> {
    const payment = await this.#payment(row.tenant_id, row.payment_id);
    const gateway = this.billing.hostedGateway;
    if (!gateway) throw new UnavailableError(errorMessage('gateway_missing'));
    const request: RefundRequest = {
      paymentId: payment.gateway_reference!,
      amount: row.amount,
      idempotencyKey: row.gateway_key,
      reason: row.reason as RefundReason,
      metadata: { glasspane_refund: row.id, glasspane_payment: payment.id, glasspane_tenant: row.tenant_id },
    };
    let outcome;
    try {
      outcome = await gateway.refund(request);
    } catch (err) {
      if (isRefusal(err)) {
        const failed = await this.#update(row, {
          status: 'failed',
          failure_message: err instanceof Error ? err.message.slice(0, 500) : String(err),
        });
        await this.billing.audit(row.tenant_id, row.created_by, 'refund.failed', payment.id, {
          refundId: row.id,
          amount: row.amount,
          currency: row.currency,
          message: failed.failure_message,
        });
        const notRefundable = err instanceof ProviderError && err.upstreamStatus === 404 ? 1 : 0;
        const reason = failed.failure_message ?? '';
        throw new ConflictError(errorMessage('refund_refused', { amount: row.amount, currency: row.currency, reason, notRefundable }), {
          cause: err,
        });
      }
      // No answer (an outage, a lost response): marked so that a retry with the same key asks again at once.
      await this.#update(row, { failure_message: UNANSWERED });
      throw err;
    }
    const done = await this.#update(row, { status: outcome.status, gateway_reference: outcome.id, failure_message: null });
    await this.billing.audit(
      row.tenant_id,
      row.created_by,
      'refund.' + (REFUND_LEAVING.includes(outcome.status) ? 'created' : outcome.status),
      payment.id,
      {
        refundId: row.id,
        amount: row.amount,
        currency: row.currency,
        gatewayReference: outcome.id,
        status: outcome.status,
      },
    );
    await this.#settlePayment(row.tenant_id, payment.id, row.created_by);
    // The billing system is told after the gateway refunded; reconciliation retries until it has it.
    if (REFUND_LEAVING.includes(outcome.status)) await this.billing.recordRefund(done).catch(() => false);
    return toRefundView(done);
  }

  /** Marks the payment `refunded` once its settled refunds cover all of it, and tells the stream. */
  async #settlePayment(tenant: string, paymentId: string, actor: string): Promise<void> {
    const payment = await this.#payment(tenant, paymentId);
    const settled = await this.db
      .selectFrom('refunds')
      .select('amount')
      .where('tenant_id', '=', tenant)
      .where('payment_id', '=', paymentId)
      .where('status', 'in', REFUND_LEAVING)
      .execute();
    const refunded = settled.reduce((sum, r) => sum + Number(r.amount), 0);
    if (refunded >= payment.amount && payment.state === 'recorded') {
      const at = this.now().toISOString();
      const changed = await this.db
        .updateTable('payments')
        .set({ state: 'refunded', status: 'refunded', updated_at: at })
        .where('tenant_id', '=', tenant)
        .where('id', '=', paymentId)
        .where('state', '=', 'recorded')
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) === 1) {
        await this.billing.audit(tenant, actor, 'payment.refunded', paymentId, { amount: payment.amount, currency: payment.currency });
        Object.assign(payment, { state: 'refunded', status: 'refunded', updated_at: at });
      }
    }
    await this.bus.publish(tenant, BILLING_TOPIC, { op: 'upsert', data: paymentResource(toPaymentView(payment)) });
  }

  /** A repeated key: the same refund; one the gateway never answered is asked again under its own key. */
  async #replay(row: RefundTable, hash: string): Promise<RefundView> {
    if (row.request_hash !== hash) {
      throw new InvalidInputError(errorMessage('idempotency_key_reused.refund'), { header: 'Idempotency-Key' });
    }
    if (row.status === 'failed') {
      throw new ConflictError(
        errorMessage('refund_refused', { amount: row.amount, currency: row.currency, reason: row.failure_message ?? 'no reason given' }),
      );
    }
    if (row.status !== 'requested') return toRefundView(row);
    // The first request may still be waiting for the gateway: wait for its answer (bounded)
    // rather than ask twice; one that went unanswered, or a crashed one, is asked again.
    let current = row;
    const deadline = Date.now() + REPLAY_WAIT_MS;
    while (current.status === 'requested' && current.failure_message !== UNANSWERED && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      current = (await this.db.selectFrom('refunds').selectAll().where('id', '=', row.id).executeTakeFirst()) ?? current;
    }
    if (current.status === 'failed') return this.#replay(current, hash);
    return current.status === 'requested' ? this.#send(current) : toRefundView(current);
  }

  async #byKey(tenant: string, key: string): Promise<RefundTable | undefined> {
    return this.db.selectFrom('refunds').selectAll().where('tenant_id', '=', tenant).where('request_key', '=', key).executeTakeFirst();
  }

  async #payment(tenant: string, id: string) {
    const row = await this.db.selectFrom('payments').selectAll().where('tenant_id', '=', tenant).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('payment', id);
    return row;
  }

  async #update(row: RefundTable, changes: Partial<RefundTable>): Promise<RefundTable> {
    const next = { ...row, ...changes, updated_at: this.now().toISOString() };
    const { id, ...values } = next;
    await this.db.updateTable('refunds').set(values).where('id', '=', id).execute();
    return next;
  }
}

function toRefundView(row: RefundTable): RefundView {
  return {
    id: row.id,
    paymentId: row.payment_id,
    amount: Number(row.amount),
    currency: row.currency,
    reason: row.reason as RefundReason,
    note: row.note,
    status: row.status as RefundView['status'],
    failureMessage: row.failure_message,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}
