import { readJson, writeJson } from '../../db/json.js';
import type { InvoiceClaimTable, PaymentTable } from '../../db/schema.js';
import type { Invoice, PaymentAllocation } from '../../ports/billing-provider.js';
import { ConflictError, InvalidInputError, notFound } from '../../errors.js';
import { PAYABLE, REFUND_LEAVING, UNSETTLED, invalid, requireGateway, type BillingContext } from './context.js';
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
    const rows = await this.ctx.db
      .selectFrom('payments')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .orderBy('created_at', 'desc')
      .limit(200)
      .execute();
    return rows.map(toPaymentView);
  }

  /**
   * Pays invoices in full with a saved method, at most once per Idempotency-Key, never
   * twice per invoice: the payment row is the idempotency record and holds the invoices'
   * claims, across processes and crashes, while it is under way and, once recorded, until
   * the billing system shows it (`#holds`); a failed payment releases them.
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
    const method = input.paymentMethodId
      ? await this.methods.row(tenant, input.paymentMethodId, '/data/attributes/paymentMethodId')
      : await this.methods.defaultRow(tenant);
    const invoiceIds = [...new Set(input.invoiceIds)];
    const invoices: Invoice[] = [];
    /** Per invoice, the settled payment whose claim this one takes over (null: the invoice is not claimed). */
    const takeOver: (string | null)[] = [];
    for (const [i, id] of invoiceIds.entries()) {
      const invoice = await provider.getInvoice(account, id);
      if (!invoice) throw invalid(errorMessage('unknown_invoice', { id }), `/data/attributes/invoiceIds/${i}`);
      const claim = await this.#claimOf(tenant, source, invoice.id);
      // The same key, sent again while its first request still works: answer as that one does.
      if (claim?.payment?.request_key === key) return { ...(await this.#replay(claim.payment, hash)), replayed: true };
      if (claim && !claim.settled) throw inProgress(invoice, claim.payment ?? null, i);
      if (!PAYABLE.has(invoice.status) || invoice.amountDue <= 0) {
        throw new ConflictError(errorMessage('invoice_not_payable', { invoice: invoice.number, status: invoice.status }), {
          source: { pointer: `/data/attributes/invoiceIds/${i}` },
        });
      }
      if (claim && (await this.#holds(claim, invoice))) throw alreadyPaid(invoice, claim, i);
      invoices.push(invoice);
      takeOver.push(claim?.row.claimed_by ?? null);
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
        for (const [i, invoice] of invoices.entries()) {
          const key = { tenant_id: tenant, source, invoice_id: invoice.id };
          const paidAfter = invoice.amountPaid + invoice.amountDue;
          const claim = { claimed_by: id, created_at: at.toISOString(), settled_at: null, paid_after: paidAfter };
          const prior = takeOver[i] ?? null;
          // A free invoice is claimed by inserting; a settled claim is taken over only from the
          // payment it was read with (compare-and-set): of two requests, the first wins.
          const taken =
            prior === null
              ? (
                  await trx
                    .insertInto('invoice_claims')
                    .values({ ...key, ...claim })
                    .onConflict((oc) => oc.doNothing())
                    .executeTakeFirst()
                ).numInsertedOrUpdatedRows
              : (
                  await trx
                    .updateTable('invoice_claims')
                    .set(claim)
                    .where((eb) => eb.and({ ...key, claimed_by: prior }))
                    .executeTakeFirst()
                ).numUpdatedRows;
          if (Number(taken ?? 0) !== 1) throw new ClaimTaken(invoice.id, i);
        }
      });
    } catch (err) {
      if (err instanceof ClaimTaken) {
        const invoice = invoices.find((inv) => inv.id === err.invoiceId)!;
        const claim = await this.#claimOf(tenant, source, invoice.id);
        if (claim?.payment?.request_key === key) return { ...(await this.#replay(claim.payment, hash)), replayed: true };
        // Claimed since this request read the invoice: by a payment under way, or one recorded meanwhile.
        const paid = claim?.payment?.state === 'recorded' || claim?.payment?.state === 'refunded';
        throw paid ? alreadyPaid(invoice, claim!, err.index) : inProgress(invoice, claim?.payment ?? null, err.index);
      }
      throw err;
    }
    await this.ctx.audit(tenant, actor, 'payment.started', id, { amount, currency, invoiceIds, method: row.method_label, trigger });
    const settled = await this.lifecycle.drive(row, actor, 'request');
    return { ...(await this.#outcomeOf(settled)), replayed: false };
  }

  /**
   * The invoice's claim and the payment holding it. `settled` when that payment is recorded
   * or refunded (whether it still holds is `#holds`), or failed (left by a crash before its
   * release: it never holds); a claim without a payment row (left by an older version) is
   * not settled: it holds until reconciliation drops it.
   */
  async #claimOf(tenant: string, source: string, invoiceId: string): Promise<Claim | undefined> {
    const { db } = this.ctx;
    const row = await db
      .selectFrom('invoice_claims')
      .selectAll()
      .where((eb) => eb.and({ tenant_id: tenant, source, invoice_id: invoiceId }))
      .executeTakeFirst();
    if (!row) return undefined;
    const payment = await db
      .selectFrom('payments')
      .selectAll()
      .where((eb) => eb.and({ tenant_id: tenant, id: row.claimed_by }))
      .executeTakeFirst();
    return { row, payment, settled: !!payment && !(UNSETTLED as string[]).includes(payment.state) };
  }

  /**
   * Whether a settled payment's claim still refuses another payment of the invoice, read as
   * `invoice`. It holds while the billing system does not show the payment (the invoice's
   * amount paid has not reached what it was plus the payment's share) and nothing of the
   * payment was refunded, for at most `settledClaimHoldMs` after it was recorded. So a
   * request that read the invoice before the payment, or from a billing system that has not
   * caught up with it, charges nothing; an invoice that shows the payment and still has
   * something due (it grew), or was reopened after a refund, can be paid.
   */
  async #holds(claim: Claim, invoice: Invoice): Promise<boolean> {
    const payment = claim.payment;
    if (payment?.state !== 'recorded') return false;
    if (claim.row.paid_after === null || invoice.amountPaid >= Number(claim.row.paid_after)) return false;
    const since = Date.parse(claim.row.settled_at ?? payment.updated_at ?? payment.created_at);
    if (this.ctx.now().getTime() - since >= this.ctx.options.settledClaimHoldMs) return false;
    const refund = await this.ctx.db
      .selectFrom('refunds')
      .select('id')
      .where('tenant_id', '=', payment.tenant_id)
      .where('payment_id', '=', payment.id)
      .where('status', 'in', REFUND_LEAVING)
      .executeTakeFirst();
    return !refund;
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
    while (
      (UNSETTLED as string[]).includes(current.state) &&
      current.state !== 'requires_action' &&
      current.lease_until &&
      current.lease_until > this.ctx.now().toISOString() &&
      Date.now() < deadline
    ) {
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
    const row = await this.ctx.db
      .selectFrom('payments')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('payment', id);
    return {
      payment: toPaymentView(row),
      nextAction: row.state === 'requires_action' ? await this.#nextAction(row).catch(() => null) : null,
    };
  }

  /**
   * The 3-D Secure hand-off: the PaymentIntent's client secret (from the charge that just
   * asked for it, else read from the gateway: it is never stored) and the gateway's script.
   */
  async #nextAction(row: PaymentTable): Promise<PaymentNextAction | null> {
    const gateway = requireGateway(this.ctx.gateway);
    const clientSecret =
      this.lifecycle.takeClientSecret(row.id) ??
      (row.gateway_reference ? (await gateway.findCharge({ id: row.gateway_reference }))?.clientSecret : undefined);
    if (!clientSecret || !gateway.browser) return null;
    return {
      type: 'authenticate',
      gateway: gateway.id,
      clientSecret,
      publishableKey: gateway.browser.publishableKey,
      scriptUrl: gateway.browser.scriptUrl,
      expiresAt: this.lifecycle.authenticationDeadline(row),
    };
  }

  async #outcomeOf(row: PaymentTable): Promise<PaymentOutcome> {
    const payment = toPaymentView(row);
    if (row.state === 'requires_action') {
      const nextAction = await this.#nextAction(row);
      if (nextAction) return { outcome: 'requires_action', payment, nextAction };
    }
    if (row.state === 'failed') {
      const code = row.failure_code ?? 'declined';
      const method = row.method_label;
      // The host's words for the decline codes it knows (worded again in the reader's language),
      // the gateway's own for the rest.
      const detail =
        code === 'card_declined' || code === 'generic_decline'
          ? errorMessage('payment_declined.card_declined', { method }, code)
          : code === 'insufficient_funds' || code === 'expired_card' || code === 'authentication_required'
            ? errorMessage(`payment_declined.${code}`, { method }, code)
            : code === 'authentication_failed' || code === 'authentication_abandoned'
              ? errorMessage('payment_declined.authentication_failed', { method }, code)
              : code === 'abandoned' || code === 'charge_not_found'
                ? // The host's own reasons (failure_message keeps them in English for staff).
                  errorMessage('payment_declined.not_charged', { method }, code)
                : row.failure_message
                  ? errorMessage('payment_declined.gateway', { reason: row.failure_message, method }, code)
                  : errorMessage('payment_declined.unknown', { method }, code);
      return { outcome: 'declined', payment, code, detail };
    }
    return { outcome: row.state === 'recorded' || row.state === 'refunded' ? 'succeeded' : 'unrecorded', payment };
  }
}

/** An invoice's claim as a new payment finds it (`Payments.#claimOf`). */
interface Claim {
  row: InvoiceClaimTable;
  payment: PaymentTable | undefined;
  settled: boolean;
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

/**
 * 409: the invoice was paid by a recorded payment the billing system does not show yet (its
 * reads lag, or the payment was undone there by hand); says which, so nobody pays it twice.
 */
function alreadyPaid(invoice: Invoice, claim: Claim, index: number): ConflictError {
  const payment = claim.payment!;
  const share = readJson<PaymentAllocation[]>(payment.allocations, []).find((a) => a.invoiceId === invoice.id)?.amount ?? payment.amount;
  const on = (claim.row.settled_at ?? payment.updated_at ?? payment.created_at).slice(0, 10);
  return new ConflictError(
    errorMessage('invoice_not_payable.settled', { invoice: invoice.number, amount: share, currency: payment.currency, on }),
    {
      source: { pointer: `/data/attributes/invoiceIds/${index}` },
    },
  );
}
