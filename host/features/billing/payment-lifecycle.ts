import type { Db } from '../../db/database.js';
import { readJson } from '../../db/json.js';
import type { PaymentTable } from '../../db/schema.js';
import type { PaymentAllocation } from '../../ports/billing-provider.js';
import type { ChargeOutcome, HostedPaymentGateway } from '../../ports/hosted-payment-gateway.js';
import { ProviderError, isRefusal } from '../../errors.js';
import { BILLING_TOPIC, requireGateway, type BillingContext } from './context.js';
import { invoiceResource, paymentResource } from './resources.js';
import { toPaymentView } from './views.js';

/**
 * The payment state machine (see `PaymentState`): moves one payment on from the state its
 * row records, whoever holds it (the paying request, reconciliation, a webhook). Callers take
 * the row's lease first, so one process at a time works on a payment.
 */
export class PaymentLifecycle {
  constructor(private readonly ctx: BillingContext) {}

  async update(row: PaymentTable, changes: Partial<PaymentTable>, db: Db = this.ctx.db): Promise<PaymentTable> {
    const next = { ...row, ...changes, updated_at: this.ctx.now().toISOString() };
    if (changes.state)
      next.status =
        changes.state === 'recorded'
          ? 'succeeded'
          : changes.state === 'failed'
            ? 'failed'
            : changes.state === 'refunded'
              ? 'refunded'
              : 'processing';
    const { id, ...values } = next;
    await db.updateTable('payments').set(values).where('id', '=', id).execute();
    return next;
  }

  /** A payment that took no money frees its invoices: its claims go. */
  async releaseClaims(row: PaymentTable): Promise<void> {
    await this.ctx.db.deleteFrom('invoice_claims').where('tenant_id', '=', row.tenant_id).where('claimed_by', '=', row.id).execute();
  }

  /**
   * The billing system has the payment: recorded, and in the same transaction its claims are
   * marked settled rather than dropped, so they keep refusing a payment made from an invoice
   * read that does not show this one yet (see `Payments`).
   */
  async #recorded(row: PaymentTable, reference: string): Promise<PaymentTable> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const changes = { state: 'recorded', provider_reference: reference, failure_message: null, lease_until: null };
      const next = await this.update(row, changes, trx);
      await trx
        .updateTable('invoice_claims')
        .set({ settled_at: next.updated_at })
        .where((eb) => eb.and({ tenant_id: row.tenant_id, claimed_by: row.id }))
        .execute();
      return next;
    });
  }

  /**
   * Moves a payment on as far as it can go now. The caller holds its lease. Each state is
   * written before the call that leaves it, so a crash anywhere leaves a row that says what
   * to ask: `charging` with its key (ask the gateway), `charged` (tell the billing system).
   */
  async drive(start: PaymentTable, actor: string, by: 'request' | 'reconcile' | 'webhook'): Promise<PaymentTable> {
    let row = start;
    const gateway = requireGateway(this.ctx.gateway);
    if (row.state === 'created') {
      if (by !== 'request') {
        // The request died before it asked the gateway (charging is written first): nothing was charged.
        row = await this.update(row, {
          state: 'failed',
          failure_code: 'abandoned',
          failure_message: 'The payment was interrupted before the card was charged; nothing was charged.',
          lease_until: null,
        });
        await this.releaseClaims(row);
        await this.ctx.audit(row.tenant_id, actor, 'payment.abandoned', row.id, { amount: row.amount, currency: row.currency });
        await this.publish(row);
        return row;
      }
      row = await this.update(row, { state: 'charging', attempts: row.attempts + 1 });
    }
    if (row.state === 'charging') {
      let outcome: ChargeOutcome | null;
      try {
        outcome = await this.#chargeOrFind(row, gateway, by);
      } catch (err) {
        if (
          isRefusal(err) &&
          !row.gateway_reference &&
          by === 'request' &&
          !(err instanceof ProviderError && err.code === 'idempotency_error')
        ) {
          // The gateway refused the request itself: nothing was charged.
          row = await this.update(row, {
            state: 'failed',
            failure_code: err instanceof ProviderError ? err.code : 'refused',
            failure_message: err instanceof Error ? err.message : 'The gateway refused the payment.',
            lease_until: null,
          });
          await this.releaseClaims(row);
          await this.publish(row);
          return row;
        }
        // Unknown whether it charged: the row keeps its key; reconciliation asks the gateway once the lease ends.
        row = await this.update(row, {
          failure_message: 'The payment gateway did not answer; the payment is being checked.',
          lease_until: null,
        });
        await this.publish(row);
        return row;
      }
      if (!outcome) {
        row = await this.update(row, {
          state: 'failed',
          failure_code: 'charge_not_found',
          failure_message: 'The gateway has no charge for this payment; nothing was charged.',
          lease_until: null,
        });
        await this.releaseClaims(row);
        await this.ctx.audit(row.tenant_id, actor, 'payment.failed', row.id, {
          amount: row.amount,
          currency: row.currency,
          code: 'charge_not_found',
        });
        await this.publish(row);
        return row;
      }
      if (outcome.status === 'processing') {
        // A bank debit on its way: the webhook (or a later look) settles it.
        row = await this.update(row, {
          gateway_reference: outcome.id,
          failure_message: null,
          lease_until: new Date(this.ctx.now().getTime() + this.ctx.options.processingRecheckMs).toISOString(),
        });
        await this.publish(row);
        return row;
      }
      if (outcome.status === 'requires_action' && row.trigger !== 'autopay' && outcome.id) {
        // 3-D Secure: the customer authenticates in the gateway's script; the webhook (or
        // reconciliation, once the window closes) says how it ended. The invoice stays claimed.
        row = await this.update(row, {
          state: 'requires_action',
          gateway_reference: outcome.id,
          failure_code: null,
          failure_message: null,
          lease_until: this.authenticationDeadline(row),
        });
        if (outcome.clientSecret) this.#clientSecrets.set(row.id, outcome.clientSecret);
        await this.ctx.audit(row.tenant_id, actor, 'payment.requires_action', row.id, {
          amount: row.amount,
          currency: row.currency,
          gatewayReference: outcome.id,
        });
        await this.publish(row);
        return row;
      }
      if (outcome.status === 'declined' || outcome.status === 'requires_action') {
        // Off-session (autopay) nobody is there to authenticate: the attempt fails and says so.
        const code =
          outcome.status === 'requires_action' ? 'authentication_required' : (outcome.declineCode ?? outcome.code ?? 'card_declined');
        return this.#fail(row, actor, code, outcome.message ?? 'Declined.', outcome.id || row.gateway_reference);
      }
      row = await this.update(row, { state: 'charged', gateway_reference: outcome.id, failure_message: null });
      await this.ctx.audit(row.tenant_id, actor, 'payment.charged', row.id, {
        amount: row.amount,
        currency: row.currency,
        gatewayReference: outcome.id,
      });
    }
    if (row.state === 'requires_action') {
      const next = await this.#afterChallenge(row, gateway, actor);
      if (next.state !== 'charged') return next;
      row = next;
    }
    if (row.state === 'charged') {
      const { provider, account } = await this.ctx.account(row.tenant_id);
      try {
        const recorded = await provider.recordPayment(account, {
          allocations: readJson<PaymentAllocation[]>(row.allocations, []),
          amount: row.amount,
          currency: row.currency,
          gatewayReference: row.gateway_reference!,
          methodLabel: row.method_label,
          // The payment's own id: the billing system answers a retry with the payment it already has.
          idempotencyKey: row.id,
        });
        row = await this.#recorded(row, recorded.reference);
        await this.ctx.audit(row.tenant_id, actor, 'payment.succeeded', row.id, {
          amount: row.amount,
          currency: row.currency,
          invoiceIds: readJson<string[]>(row.invoice_ids, []),
          method: row.method_label,
          trigger: row.trigger,
        });
      } catch (err) {
        // Charged, not recorded yet: reconciliation tells the billing system again, under the same id.
        row = await this.update(row, {
          failure_message: `Paid; the billing system has not recorded it yet (${err instanceof Error ? err.message : 'no answer'}).`.slice(
            0,
            500,
          ),
          lease_until: null,
        });
        await this.ctx.audit(row.tenant_id, actor, 'payment.unrecorded', row.id, { amount: row.amount, currency: row.currency });
      }
      await this.publish(row);
    }
    return row;
  }

  /** When an open 3-D Secure challenge is given up: `authenticationWindowMs` after the payment began. */
  authenticationDeadline(row: Pick<PaymentTable, 'created_at'>): string {
    return new Date(Date.parse(row.created_at) + this.ctx.options.authenticationWindowMs).toISOString();
  }

  /** The client secret of a payment that just asked for 3-D Secure, once (never stored). */
  takeClientSecret(paymentId: string): string | undefined {
    const secret = this.#clientSecrets.get(paymentId);
    this.#clientSecrets.delete(paymentId);
    return secret;
  }
  readonly #clientSecrets = new Map<string, string>();

  /**
   * A payment waiting for the customer's 3-D Secure challenge, looked at by a webhook or by
   * reconciliation: authenticated → charged (recorded next); failed → cancelled at the
   * gateway and failed here, the invoice payable again; still open → waits until the
   * window closes, then is cancelled at the gateway (abandoned). A cancel the gateway
   * refuses because the customer completed meanwhile is read again, never lost.
   */
  async #afterChallenge(start: PaymentTable, gateway: HostedPaymentGateway, actor: string): Promise<PaymentTable> {
    let row = start;
    let outcome = await gateway.findCharge({ id: row.gateway_reference! });
    if (!outcome)
      return this.#fail(
        row,
        actor,
        'charge_not_found',
        'The gateway has no payment for this challenge; nothing was charged.',
        row.gateway_reference,
      );
    const expired = this.ctx.now().toISOString() >= this.authenticationDeadline(row);
    if (outcome.status === 'requires_action' && !expired) {
      // Still open: look again when the window closes (a webhook comes earlier).
      row = await this.update(row, { lease_until: this.authenticationDeadline(row) });
      return row;
    }
    if (outcome.status === 'requires_action' || outcome.status === 'declined') {
      const abandoned = outcome.status === 'requires_action';
      if (gateway.cancelCharge) {
        outcome = await gateway.cancelCharge(row.gateway_reference!, `${row.gateway_key}:cancel`).catch(async (err: unknown) => {
          // Completed meanwhile (Stripe refuses to cancel a succeeded PaymentIntent): read it again.
          const now = await gateway.findCharge({ id: row.gateway_reference! });
          if (now && (now.status === 'succeeded' || now.status === 'processing')) return now;
          throw err;
        });
      }
      if (outcome.status !== 'succeeded' && outcome.status !== 'processing') {
        return abandoned
          ? this.#fail(
              row,
              actor,
              'authentication_abandoned',
              "The bank's confirmation was not completed in time; nothing was charged.",
              row.gateway_reference,
            )
          : this.#fail(
              row,
              actor,
              'authentication_failed',
              'Your bank could not confirm this payment; nothing was charged.',
              row.gateway_reference,
            );
      }
    }
    if (outcome.status === 'processing') {
      row = await this.update(row, {
        state: 'charging',
        failure_message: null,
        lease_until: new Date(this.ctx.now().getTime() + this.ctx.options.processingRecheckMs).toISOString(),
      });
      await this.publish(row);
      return row;
    }
    row = await this.update(row, { state: 'charged', failure_message: null });
    await this.ctx.audit(row.tenant_id, actor, 'payment.charged', row.id, {
      amount: row.amount,
      currency: row.currency,
      gatewayReference: row.gateway_reference,
      authenticated: true,
    });
    return row;
  }

  /** Ends a payment that took no money: failed, its invoices free again, said in the audit log and on the stream. */
  async #fail(start: PaymentTable, actor: string, code: string, message: string, reference: string | null): Promise<PaymentTable> {
    const row = await this.update(start, {
      state: 'failed',
      gateway_reference: reference || null,
      failure_code: code,
      failure_message: message,
      lease_until: null,
    });
    await this.releaseClaims(row);
    await this.ctx.audit(row.tenant_id, actor, 'payment.failed', row.id, {
      amount: row.amount,
      currency: row.currency,
      invoiceIds: readJson<string[]>(row.invoice_ids, []),
      method: row.method_label,
      code,
      trigger: row.trigger,
    });
    await this.publish(row);
    return row;
  }

  /**
   * The request charges; reconciliation and webhooks find out what the gateway did: by the
   * charge's id when known, else by the payment id in the metadata, else (within the
   * gateway's key lifetime) by sending the identical request under the stored key, which
   * the gateway answers with the charge it made, if any, and never charges twice.
   */
  async #chargeOrFind(
    row: PaymentTable,
    gateway: HostedPaymentGateway,
    by: 'request' | 'reconcile' | 'webhook',
  ): Promise<ChargeOutcome | null> {
    if (row.gateway_reference) return gateway.findCharge({ id: row.gateway_reference });
    const request = {
      customerId: row.gateway_customer!,
      methodId: row.gateway_method!,
      amount: row.amount,
      currency: row.currency,
      idempotencyKey: row.gateway_key!,
      offSession: row.trigger === 'autopay',
      metadata: { glasspane_payment: row.id, glasspane_tenant: row.tenant_id },
      description: `Glasspane payment ${row.id}`,
    };
    if (by === 'request') return gateway.charge(request);
    const found = await gateway.findCharge({ metadata: { glasspane_payment: row.id } });
    if (found) return found;
    if (this.ctx.now().getTime() - Date.parse(row.created_at) < this.ctx.options.gatewayKeyLifetimeMs) return gateway.charge(request);
    return null;
  }

  async publish(row: PaymentTable): Promise<void> {
    await this.ctx.bus.publish(row.tenant_id, BILLING_TOPIC, { op: 'upsert', data: paymentResource(toPaymentView(row)) });
    if (row.state !== 'recorded') return;
    const { provider, account } = await this.ctx.account(row.tenant_id).catch(() => ({ provider: undefined, account: '' }));
    for (const id of readJson<string[]>(row.invoice_ids, [])) {
      const fresh = await provider?.getInvoice(account, id).catch(() => undefined);
      if (fresh) await this.ctx.bus.publish(row.tenant_id, BILLING_TOPIC, { op: 'upsert', data: invoiceResource(fresh) });
    }
  }

  /** Takes a payment's lease if nobody holds it (compare-and-set, so one process at a time). */
  async lease(row: PaymentTable): Promise<PaymentTable | undefined> {
    const now = this.ctx.now().toISOString();
    const until = new Date(this.ctx.now().getTime() + this.ctx.options.leaseMs).toISOString();
    const taken = await this.ctx.db
      .updateTable('payments')
      .set({ lease_until: until })
      .where('id', '=', row.id)
      .where('state', '=', row.state)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) === 1 ? { ...row, lease_until: until } : undefined;
  }
}
