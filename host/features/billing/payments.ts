import { writeJson } from '../../db/json.js';
import type { PaymentTable } from '../../db/schema.js';
import type { Invoice, PaymentAllocation } from '../../ports/billing-provider.js';
import { ConflictError, InvalidInputError, notFound } from '../../errors.js';
import { PAYABLE, UNSETTLED, invalid, requireGateway, type BillingContext } from './context.js';
import { requestHash } from './idempotency.js';
import type { PaymentLifecycle } from './payment-lifecycle.js';
import type { PaymentMethods } from './payment-methods.js';
import { methodLabel, toPaymentView, type PaymentNextAction, type PaymentOutcome, type PaymentView } from './views.js';
import { errorMessage } from '../../error-messages.js';

/** What a customer (or autopay) asks to pay: invoices in full, with a saved method or the default one. */
export interface PayInput {
  invoiceIds: string[];
  paymentMethodId?: string | undefined;
}

/**
 * Paying invoices: the request side. A payment row is created with its invoices' claims in
 * one transaction, then `PaymentLifecycle` moves it on; a repeated Idempotency-Key answers
 * with the first request's payment.
 */
export class Payments {
  constructor(
    private readonly ctx: BillingContext,
    private readonly methods: PaymentMethods,
    private readonly lifecycle: PaymentLifecycle,
  ) {}

  async list(tenant: string): Promise<PaymentView[]> {
    const rows = await this.ctx.db.selectFrom('payments').selectAll().where('tenant_id', '=', tenant).orderBy('created_at', 'desc').limit(200).execute();
    return rows.map(toPaymentView);
  }

  /**
   * Pays invoices in full with a saved method, at most once per Idempotency-Key, never
   * twice per invoice: the payment row is the idempotency record and holds the invoices'
   * claims until it is settled (recorded or failed), across processes and crashes.
   */
  async pay(
    tenant: string,
    actor: string,
    key: string,
    input: PayInput,
    trigger: 'customer' | 'autopay' = 'customer',
  ): Promise<PaymentOutcome & { replayed: boolean }> {
    const hash = requestHash(input);
    const previous = await this.#byRequestKey(tenant, key);
    if (previous) return { ...(await this.#replay(previous, hash)), replayed: true };
    try {
      return await this.#start(tenant, actor, key, hash, input, trigger);
    } catch (err) {
      // A concurrent request with the same key may have won (and even finished, so the
      // invoice reads paid) between the look-up above and here: answer as it does.
      const winner = await this.#byRequestKey(tenant, key);
      if (winner) return { ...(await this.#replay(winner, hash)), replayed: true };
      throw err;
    }
  }

  async #start(
    tenant: string,
    actor: string,
    key: string,
    hash: string,
    input: PayInput,
    trigger: 'customer' | 'autopay',
  ): Promise<PaymentOutcome & { replayed: boolean }> {
    const { provider, account, source } = await this.ctx.account(tenant);
    const gateway = requireGateway(this.ctx.gateway);
    const method = input.paymentMethodId ? await this.methods.row(tenant, input.paymentMethodId, '/data/attributes/paymentMethodId') : await this.methods.defaultRow(tenant);
    const invoiceIds = [...new Set(input.invoiceIds)];
    const invoices: Invoice[] = [];
    for (const [i, id] of invoiceIds.entries()) {
      const invoice = await provider.getInvoice(account, id);
      if (!invoice) throw invalid(errorMessage('unknown_invoice', { id }), `/data/attributes/invoiceIds/${i}`);
      const holder = await this.#unsettledHolder(tenant, source, invoice.id);
      // The same key, sent again while its first request still works: answer as that one does.
      if (holder?.request_key === key) return { ...(await this.#replay(holder, hash)), replayed: true };
      if (holder !== undefined) throw inProgress(invoice, holder, i);
      if (!PAYABLE.has(invoice.status) || invoice.amountDue <= 0) {
        throw new ConflictError(errorMessage('invoice_not_payable', { invoice: invoice.number, status: invoice.status }), { source: { pointer: `/data/attributes/invoiceIds/${i}` } });
      }
      invoices.push(invoice);
    }
    const currency = invoices[0]!.currency;
    if (invoices.some((inv) => inv.currency !== currency)) {
      throw invalid(errorMessage('mixed_currency'), '/data/attributes/invoiceIds');
    }
    const amount = invoices.reduce((a, inv) => a + inv.amountDue, 0);
    const customer = await this.methods.customer(tenant);
    const id = crypto.randomUUID();
    const at = this.ctx.now();
    const row: PaymentTable = {
      id,
      tenant_id: tenant,
      source,
      amount,
      currency,
      status: 'processing',
      state: 'created',
      method_id: method.id,
      method_label: methodLabel(method),
      invoice_ids: writeJson(invoiceIds),
      allocations: writeJson(invoices.map((inv): PaymentAllocation => ({ invoiceId: inv.id, amount: inv.amountDue }))),
      gateway_reference: null,
      provider_reference: null,
      failure_code: null,
      failure_message: null,
      trigger,
      created_at: at.toISOString(),
      updated_at: at.toISOString(),
      request_key: key,
      request_hash: hash,
      gateway: gateway.id,
      gateway_key: `gp_pay_${id}`,
      gateway_customer: customer,
      gateway_method: method.token,
      lease_until: new Date(at.getTime() + this.ctx.options.leaseMs).toISOString(),
      attempts: 0,
    };
    try {
      await this.ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('payments').values(row).execute();
        for (const [i, invoiceId] of invoiceIds.entries()) {
          const inserted = await trx
            .insertInto('invoice_claims')
            .values({ tenant_id: tenant, source, invoice_id: invoiceId, claimed_by: id, created_at: at.toISOString() })
            .onConflict((oc) => oc.doNothing())
            .executeTakeFirst();
          if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) throw new ClaimTaken(invoiceId, i);
        }
      });
    } catch (err) {
      if (err instanceof ClaimTaken) {
        const invoice = invoices.find((inv) => inv.id === err.invoiceId)!;
        const holder = await this.#unsettledHolder(tenant, source, invoice.id);
        if (holder?.request_key === key) return { ...(await this.#replay(holder, hash)), replayed: true };
        throw inProgress(invoice, holder ?? null, err.index);
      }
      throw err;
    }
    // Another payment may have settled these invoices between the read above and this claim
    // (its claim ends once the billing system has it): read them again now that the claim
    // keeps others out, and charge nothing when they changed.
    for (const [i, before] of invoices.entries()) {
      const now = await provider.getInvoice(account, before.id);
      if (now && PAYABLE.has(now.status) && now.amountDue === before.amountDue) continue;
      const ended = await this.lifecycle.update(row, { state: 'failed', failure_code: 'invoice_changed', failure_message: 'The invoice changed before the card was charged; nothing was charged.', lease_until: null });
      await this.lifecycle.releaseClaims(ended);
      throw new ConflictError(errorMessage('invoice_not_payable.changed', { invoice: before.number, paid: now?.status === 'paid' ? 1 : 0 }), { source: { pointer: `/data/attributes/invoiceIds/${i}` } });
    }
    await this.ctx.audit(tenant, actor, 'payment.started', id, { amount, currency, invoiceIds, method: row.method_label, trigger });
    const settled = await this.lifecycle.drive(row, actor, 'request');
    return { ...(await this.#outcomeOf(settled)), replayed: false };
  }

  /**
   * The payment holding the invoice's claim (not settled yet): `undefined` when free, `null`
   * when a claim has no payment row (left by an older version; reconciliation drops it).
   */
  async #unsettledHolder(tenant: string, source: string, invoiceId: string): Promise<PaymentTable | null | undefined> {
    const claim = await this.ctx.db.selectFrom('invoice_claims').select('claimed_by').where('tenant_id', '=', tenant).where('source', '=', source).where('invoice_id', '=', invoiceId).executeTakeFirst();
    if (!claim) return undefined;
    return (await this.ctx.db.selectFrom('payments').selectAll().where('tenant_id', '=', tenant).where('id', '=', claim.claimed_by).executeTakeFirst()) ?? null;
  }

  async #byRequestKey(tenant: string, key: string): Promise<PaymentTable | undefined> {
    return this.ctx.db.selectFrom('payments').selectAll().where('tenant_id', '=', tenant).where('request_key', '=', key).executeTakeFirst();
  }

  /** The answer for a repeated key: waits while the first request still works on it (bounded), then its state. */
  async #replay(row: PaymentTable, hash: string): Promise<PaymentOutcome> {
    if (row.request_hash !== hash) {
      throw new InvalidInputError(errorMessage('idempotency_key_reused'), { header: 'Idempotency-Key' });
    }
    const deadline = Date.now() + 15_000;
    let current = row;
    while ((UNSETTLED as string[]).includes(current.state) && current.state !== 'requires_action' && current.lease_until && current.lease_until > this.ctx.now().toISOString() && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      current = (await this.ctx.db.selectFrom('payments').selectAll().where('id', '=', row.id).executeTakeFirst()) ?? current;
    }
    return this.#outcomeOf(current);
  }

  /**
   * One payment of the tenant, as `GET /payments/{id}` answers it: while it waits for the
   * customer's 3-D Secure challenge, with what the browser needs to show it again.
   */
  async get(tenant: string, id: string): Promise<{ payment: PaymentView; nextAction: PaymentNextAction | null }> {
    const row = await this.ctx.db.selectFrom('payments').selectAll().where('tenant_id', '=', tenant).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('payment', id);
    return { payment: toPaymentView(row), nextAction: row.state === 'requires_action' ? await this.#nextAction(row).catch(() => null) : null };
  }

  /**
   * The 3-D Secure hand-off: the PaymentIntent's client secret (from the charge that just
   * asked for it, else read from the gateway: it is never stored) and the gateway's script.
   */
  async #nextAction(row: PaymentTable): Promise<PaymentNextAction | null> {
    const gateway = requireGateway(this.ctx.gateway);
    const clientSecret = this.lifecycle.takeClientSecret(row.id) ?? (row.gateway_reference ? (await gateway.findCharge({ id: row.gateway_reference }))?.clientSecret : undefined);
    if (!clientSecret || !gateway.browser) return null;
    return { type: 'authenticate', gateway: gateway.id, clientSecret, publishableKey: gateway.browser.publishableKey, scriptUrl: gateway.browser.scriptUrl, expiresAt: this.lifecycle.authenticationDeadline(row) };
  }

  async #outcomeOf(row: PaymentTable): Promise<PaymentOutcome> {
    const payment = toPaymentView(row);
    if (row.state === 'requires_action') {
      const nextAction = await this.#nextAction(row);
      if (nextAction) return { outcome: 'requires_action', payment, nextAction };
    }
    if (row.state === 'failed') {
      const code = row.failure_code ?? 'declined';
      const detail =
        code === 'card_declined' || code === 'generic_decline'
          ? `Your ${row.method_label} was declined. Try another payment method or contact your bank.`
          : code === 'insufficient_funds'
            ? `Your ${row.method_label} has insufficient funds. Try another payment method.`
            : code === 'expired_card'
              ? `Your ${row.method_label} has expired. Add a new card.`
              : code === 'authentication_required'
                ? `Your bank asks you to confirm this payment (${row.method_label}); pay the invoice yourself to confirm it.`
                : code === 'authentication_failed' || code === 'authentication_abandoned'
                  ? `Your bank did not confirm this payment (${row.method_label}); nothing was charged. Try again or use another payment method.`
                : `${row.failure_message ?? 'The payment did not go through.'} (${row.method_label})`;
      return { outcome: 'declined', payment, code, detail };
    }
    return { outcome: row.state === 'recorded' || row.state === 'refunded' ? 'succeeded' : 'unrecorded', payment };
  }
}

class ClaimTaken extends Error {
  constructor(
    readonly invoiceId: string,
    readonly index: number,
  ) {
    super(`invoice ${invoiceId} is claimed`);
  }
}

/** 409: the invoice has a payment that is not settled; says how much, so the customer waits instead of paying twice. */
function inProgress(invoice: Invoice, holder: PaymentTable | null, index = 0): ConflictError {
  const amount = holder ? { amount: holder.amount, currency: holder.currency } : { amount: invoice.amountDue, currency: invoice.currency };
  return new ConflictError(errorMessage('invoice_payment_in_progress', { ...amount, invoice: invoice.number }), {
    source: { pointer: `/data/attributes/invoiceIds/${index}` },
    retryAfterSeconds: 30,
  });
}
