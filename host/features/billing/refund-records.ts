import { readJson } from '../../db/json.js';
import type { RefundTable } from '../../db/schema.js';
import type { GatewayEvent } from '../../ports/hosted-payment-gateway.js';
import { BILLING_TOPIC, REFUND_LEAVING, type BillingContext } from './context.js';
import { paymentResource } from './resources.js';
import { formatMoney, toPaymentView } from './views.js';

/**
 * Refunds at the billing system, with the payments' discipline: a refund the gateway made is
 * `record_state: pending` until the billing system has it, recorded under the refund's own id
 * (the billing system answers a retry with its first record), retried by the reconciliation
 * job until it succeeds. A bank refund that fails later (`refund.failed`,
 * `charge.refund.updated` with status `failed`) is marked failed, the payment's state is
 * restored and staff are told in the audit log.
 */
export class RefundRecords {
  constructor(private readonly ctx: BillingContext) {}

  /** Tells the billing system of one refund the gateway made; false when it did not answer (retried later). */
  async record(start: RefundTable): Promise<boolean> {
    const row = (await this.ctx.db.selectFrom('refunds').selectAll().where('id', '=', start.id).executeTakeFirst()) ?? start;
    const leaving = REFUND_LEAVING.includes(row.status);
    if (row.record_state !== 'pending' || !leaving || !row.gateway_reference) return row.record_state !== 'pending';
    const payment = await this.ctx.db
      .selectFrom('payments')
      .selectAll()
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.payment_id)
      .executeTakeFirstOrThrow();
    const { provider, account } = await this.ctx.account(row.tenant_id);
    if (!provider.recordRefund || !payment.provider_reference) {
      await this.#set(row, { record_state: 'unsupported', record_error: null });
      return true;
    }
    try {
      const recorded = await provider.recordRefund(account, {
        paymentReference: payment.provider_reference,
        invoiceIds: readJson<string[]>(payment.invoice_ids, []),
        amount: Number(row.amount),
        currency: row.currency,
        gatewayReference: row.gateway_reference,
        reason: row.reason,
        idempotencyKey: row.id,
      });
      await this.#set(row, { record_state: 'recorded', provider_reference: recorded.reference, record_error: null });
      await this.ctx.audit(row.tenant_id, 'reconciliation', 'refund.recorded', payment.id, {
        refundId: row.id,
        amount: Number(row.amount),
        currency: row.currency,
        reference: recorded.reference,
      });
      return true;
    } catch (err) {
      await this.#set(row, {
        record_error: `The billing system has not recorded the refund yet (${err instanceof Error ? err.message : 'no answer'}).`.slice(
          0,
          500,
        ),
      });
      return false;
    }
  }

  /** The reconciliation job's share: every refund the billing system has not recorded yet. */
  async retry(): Promise<{ recorded: number; pending: number }> {
    const rows = await this.ctx.db
      .selectFrom('refunds')
      .selectAll()
      .where('record_state', '=', 'pending')
      .where('status', 'in', REFUND_LEAVING)
      .orderBy('created_at')
      .limit(200)
      .execute();
    let recorded = 0;
    let pending = 0;
    for (const row of rows) {
      if (await this.record(row)) recorded++;
      else pending++;
    }
    return { recorded, pending };
  }

  /**
   * A refund the gateway reports as failed after it accepted it (a bank refund bounces days
   * later): the refund fails, a payment marked refunded by it is recorded again, staff are told.
   */
  async gatewayFailed(event: GatewayEvent): Promise<void> {
    if (!event.refundId || (event.status !== 'failed' && event.status !== 'canceled')) return;
    const row = await this.ctx.db.selectFrom('refunds').selectAll().where('gateway_reference', '=', event.refundId).executeTakeFirst();
    if (!row || row.status === 'failed' || row.status === 'canceled') return;
    const message = (event.failureMessage ?? `The bank could not return the money (${event.failureCode ?? event.status}).`).slice(0, 500);
    await this.#set(row, { status: event.status, failure_message: message });
    const payment = await this.ctx.db
      .selectFrom('payments')
      .selectAll()
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.payment_id)
      .executeTakeFirst();
    if (!payment) return;
    const at = this.ctx.now().toISOString();
    if (payment.state === 'refunded') {
      await this.ctx.db
        .updateTable('payments')
        .set({ state: 'recorded', status: 'succeeded', updated_at: at })
        .where('id', '=', payment.id)
        .where('state', '=', 'refunded')
        .execute();
      Object.assign(payment, { state: 'recorded', status: 'succeeded', updated_at: at });
    }
    await this.ctx.audit(row.tenant_id, 'gateway', 'refund.failed', payment.id, {
      refundId: row.id,
      amount: Number(row.amount),
      currency: row.currency,
      message,
      // Staff correct the billing system by hand when it had recorded the refund already.
      billingSystemRecord: row.provider_reference,
      detail: `The refund of ${formatMoney(Number(row.amount), row.currency)} failed at the bank; the money stays with the provider.${row.provider_reference ? ` Reverse record ${row.provider_reference} in the billing system.` : ''}`,
    });
    await this.ctx.bus.publish(row.tenant_id, BILLING_TOPIC, { op: 'upsert', data: paymentResource(toPaymentView(payment)) });
  }

  async #set(row: RefundTable, changes: Partial<RefundTable>): Promise<void> {
    await this.ctx.db
      .updateTable('refunds')
      .set({ ...changes, updated_at: this.ctx.now().toISOString() })
      .where('id', '=', row.id)
      .execute();
  }
}
