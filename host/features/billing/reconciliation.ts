import type { GatewayEvent } from '../../ports/hosted-payment-gateway.js';
import { UNSETTLED, requireGateway, type BillingContext } from './context.js';
import type { PaymentLifecycle } from './payment-lifecycle.js';
import type { RefundRecords } from './refund-records.js';

/**
 * Settling payments after the request: the `payment-reconcile` job finds what a crash or a
 * failing billing system left unsettled, and gateway webhooks move a payment on as soon as
 * the gateway knows. Both take the payment's lease and hand it to `PaymentLifecycle`.
 */
export class Reconciliation {
  constructor(
    private readonly ctx: BillingContext,
    private readonly lifecycle: PaymentLifecycle,
    private readonly refunds: RefundRecords,
  ) {}

  /**
   * Settles what is left unsettled (run by the `payment-reconcile` job, once across
   * processes, and at start): payments a request crashed on or could not finish, whose lease
   * has ended. Charged-but-unrecorded ones are recorded under the same id until the billing
   * system has them; charging ones are looked up at the gateway. Claims left behind by
   * requests of older versions (no payment row) or by failed payments are dropped once stale;
   * recorded payments' settled claims stay.
   */
  async reconcile(): Promise<{ settled: number; pending: number }> {
    if (!this.ctx.gateway) return { settled: 0, pending: 0 };
    const now = this.ctx.now().toISOString();
    const rows = await this.ctx.db
      .selectFrom('payments')
      .selectAll()
      .where('state', 'in', UNSETTLED)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
      .orderBy('created_at')
      .limit(200)
      .execute();
    let settled = 0;
    let pending = 0;
    for (const candidate of rows) {
      const row = await this.lifecycle.lease(candidate);
      if (!row) continue;
      const after = await this.lifecycle.drive(row, 'reconciliation', 'reconcile').catch(async (err: unknown) => {
        await this.ctx.db.updateTable('payments').set({ lease_until: null }).where('id', '=', row.id).execute();
        return { ...row, failure_message: err instanceof Error ? err.message : String(err) };
      });
      if ((UNSETTLED as string[]).includes(after.state)) pending++;
      else settled++;
    }
    const stale = new Date(this.ctx.now().getTime() - this.ctx.options.leaseMs).toISOString();
    const orphans = await this.ctx.db
      .selectFrom('invoice_claims')
      .leftJoin('payments', 'payments.id', 'invoice_claims.claimed_by')
      .select(['invoice_claims.tenant_id', 'invoice_claims.claimed_by', 'payments.state'])
      .where('invoice_claims.created_at', '<=', stale)
      .execute();
    for (const claim of orphans) {
      // A payment under way holds its claims; a recorded (or refunded) one keeps them, settled,
      // until a later payment takes them over (`Payments`): only a failed payment's and a
      // row-less claim are left behind.
      if (claim.state && claim.state !== 'failed') continue;
      await this.ctx.db
        .deleteFrom('invoice_claims')
        .where('tenant_id', '=', claim.tenant_id)
        .where('claimed_by', '=', claim.claimed_by)
        .execute();
    }
    return { settled, pending };
  }

  /** Verifies a webhook's raw body with the gateway (400 invalid_signature otherwise), then acts on it. */
  async handleWebhook(rawBody: string, signature: string | undefined): Promise<{ duplicate: boolean; paymentId?: string }> {
    return this.handleGatewayEvent(requireGateway(this.ctx.gateway).parseWebhook(rawBody, signature));
  }

  /**
   * A verified gateway event: stored by id first (a repeat is ignored), then the payment it
   * names is moved on from the gateway's current state (events arrive out of order).
   */
  async handleGatewayEvent(event: GatewayEvent): Promise<{ duplicate: boolean; paymentId?: string }> {
    const gateway = requireGateway(this.ctx.gateway);
    const inserted = await this.ctx.db
      .insertInto('gateway_events')
      .values({ gateway: gateway.id, event_id: event.id, type: event.type.slice(0, 100), received_at: this.ctx.now().toISOString() })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return { duplicate: true };
    // A bank refund that failed after the gateway accepted it (Stripe: refund.failed, charge.refund.updated).
    if (event.refundId) {
      await this.refunds.gatewayFailed(event);
      return { duplicate: false };
    }
    if (!event.type.startsWith('payment_intent.') || (!event.paymentId && !event.metadata?.glasspane_payment)) return { duplicate: false };
    let query = this.ctx.db.selectFrom('payments').selectAll().where('gateway', '=', gateway.id);
    query = event.metadata?.glasspane_payment
      ? query.where('id', '=', event.metadata.glasspane_payment)
      : query.where('gateway_reference', '=', event.paymentId!);
    const payment = await query.executeTakeFirst();
    if (!payment) return { duplicate: false };
    if (!(UNSETTLED as string[]).includes(payment.state)) return { duplicate: false, paymentId: payment.id };
    // The challenge being opened says nothing new; its end (succeeded, payment_failed, canceled) does.
    if (payment.state === 'requires_action' && ['payment_intent.created', 'payment_intent.requires_action'].includes(event.type))
      return { duplicate: false, paymentId: payment.id };
    // A processing debit, or a 3-D Secure challenge, holds a long lease until its next look; an event ends that wait.
    if (((payment.state === 'charging' && payment.gateway_reference) || payment.state === 'requires_action') && payment.lease_until)
      await this.ctx.db
        .updateTable('payments')
        .set({ lease_until: null })
        .where('id', '=', payment.id)
        .where('lease_until', '=', payment.lease_until)
        .execute();
    const fresh = await this.ctx.db.selectFrom('payments').selectAll().where('id', '=', payment.id).executeTakeFirstOrThrow();
    const row = await this.lifecycle.lease(fresh);
    if (row) {
      if (!row.gateway_reference && event.paymentId) row.gateway_reference = event.paymentId;
      await this.lifecycle.drive(row, `gateway:${gateway.id}`, 'webhook');
    }
    return { duplicate: false, paymentId: payment.id };
  }
}
