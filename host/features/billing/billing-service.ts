import type { Db } from '../../db/database.js';
import { readJson, writeJson } from '../../db/json.js';
import type { PaymentMethodTable, PaymentTable } from '../../db/schema.js';
import type { EventBus } from '../../ports/event-bus.js';
import type { BillingProvider, Invoice } from '../../ports/billing-provider.js';
import type { AchDetails, CardDetails, PaymentGateway } from '../../ports/payment-gateway.js';
import { ConflictError, InvalidInputError, ProviderError, UnavailableError, isRefusal, notFound } from '../../errors.js';
import { abaRoutingValid, cardExpired, luhnValid } from './validation.js';
import { requestHash, withIdempotency } from './idempotency.js';
import { autopayResource, invoiceResource, paymentResource } from './resources.js';

export const BILLING_TOPIC = 'billing';

export interface PaymentMethodView {
  id: string;
  kind: 'card' | 'ach';
  brand: string;
  last4: string;
  expMonth: number | null;
  expYear: number | null;
  holderName: string;
  isDefault: boolean;
  label: string;
}

export interface PaymentView {
  id: string;
  status: 'succeeded' | 'failed' | 'processing';
  amount: number;
  currency: string;
  invoiceIds: string[];
  method: { id: string; label: string };
  receiptNumber: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  trigger: 'customer' | 'autopay';
  createdAt: string;
}

/** How a payment ended: declined at the gateway, paid, or charged but not yet recorded at the billing system. */
export type PaymentOutcome =
  | { outcome: 'declined'; payment: PaymentView; code: string; detail: string }
  | { outcome: 'succeeded' | 'unrecorded'; payment: PaymentView };

export interface AutopayView {
  enabled: boolean;
  paymentMethodId: string | null;
  /** The next date autopay will charge (the earliest due date of an open invoice), if any. */
  nextChargeOn: string | null;
}

const BRAND_LABEL: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover', ach: 'Bank account', card: 'Card' };
const methodLabel = (m: Pick<PaymentMethodTable, 'brand' | 'last4'>) => `${BRAND_LABEL[m.brand] ?? m.brand} •••• ${m.last4}`;
const PAYABLE = new Set(['open', 'overdue']);

/**
 * Invoices, payment methods, payments and autopay for a tenant. Every read and write is
 * scoped by tenant here, not only in the routes.
 */
export class BillingService {
  constructor(
    private readonly db: Db,
    private readonly providers: readonly BillingProvider[],
    private readonly gateway: PaymentGateway | undefined,
    private readonly bus: EventBus,
    private readonly now: () => Date,
  ) {}

  get sources(): string[] {
    return this.providers.map((p) => p.source);
  }

  async setAccount(tenant: string, account: { source: string; account: string } | null): Promise<void> {
    await this.db.deleteFrom('billing_accounts').where('tenant_id', '=', tenant).execute();
    if (account) await this.db.insertInto('billing_accounts').values({ tenant_id: tenant, ...account }).execute();
  }

  async account(tenant: string): Promise<{ source: string; account: string; provider: BillingProvider }> {
    const row = await this.db.selectFrom('billing_accounts').selectAll().where('tenant_id', '=', tenant).executeTakeFirst();
    if (!row) throw new ConflictError('no_billing_account', 'No billing account', { detail: 'Billing is not set up for this customer yet.' });
    const provider = this.providers.find((p) => p.source === row.source);
    if (!provider) throw new ProviderError(row.source, `No billing provider "${row.source}" is registered on this host.`, { failure: 'unavailable', code: 'provider_missing' });
    return { source: row.source, account: row.account, provider };
  }

  async listInvoices(tenant: string, signal?: AbortSignal): Promise<Invoice[]> {
    const { provider, account } = await this.account(tenant);
    return provider.listInvoices(account, signal);
  }

  async getInvoice(tenant: string, id: string, signal?: AbortSignal): Promise<Invoice> {
    const { provider, account } = await this.account(tenant);
    const invoice = await provider.getInvoice(account, id, signal);
    if (!invoice) throw notFound('invoice', id);
    return invoice;
  }

  /** The provider's PDF, or `undefined` when the host must render one. */
  async providerPdf(tenant: string, id: string, signal?: AbortSignal): Promise<Uint8Array | undefined> {
    const { provider, account } = await this.account(tenant);
    return provider.invoicePdf?.(account, id, signal);
  }

  // Payment methods ------------------------------------------------------------

  async listMethods(tenant: string): Promise<PaymentMethodView[]> {
    const rows = await this.db.selectFrom('payment_methods').selectAll().where('tenant_id', '=', tenant).orderBy('created_at').execute();
    return rows.map(toMethodView);
  }

  /**
   * Validates the numbers (Luhn, expiry, ABA) before anything leaves the host, then keeps
   * only the gateway's token, brand, last four and expiry.
   */
  async addMethod(tenant: string, actor: string, details: CardDetails | AchDetails, makeDefault: boolean): Promise<PaymentMethodView> {
    const gateway = this.#gateway();
    if (details.kind === 'card') {
      if (!luhnValid(details.number)) throw invalid('This card number is not valid; check it for typing errors.', '/data/attributes/number');
      if (cardExpired(details.expMonth, details.expYear, this.now())) throw invalid('This card has expired.', '/data/attributes/expYear');
    } else if (!abaRoutingValid(details.routingNumber)) {
      throw invalid('This routing number is not valid; it is the nine digits at the bottom left of a cheque.', '/data/attributes/routingNumber');
    }
    const tokenized = await gateway.tokenize(details);
    const existing = await this.listMethods(tenant);
    const row: PaymentMethodTable = {
      id: crypto.randomUUID(),
      tenant_id: tenant,
      gateway: gateway.id,
      token: tokenized.token,
      kind: details.kind,
      brand: tokenized.brand,
      last4: tokenized.last4,
      exp_month: tokenized.expMonth,
      exp_year: tokenized.expYear,
      holder_name: details.holderName,
      is_default: makeDefault || existing.length === 0 ? 1 : 0,
      created_at: this.now().toISOString(),
    };
    await this.db.transaction().execute(async (trx) => {
      if (row.is_default) await trx.updateTable('payment_methods').set({ is_default: 0 }).where('tenant_id', '=', tenant).execute();
      await trx.insertInto('payment_methods').values(row).execute();
    });
    await this.audit(tenant, actor, 'payment_method.added', row.id, { label: methodLabel(row), kind: row.kind });
    return toMethodView(row);
  }

  async removeMethod(tenant: string, actor: string, id: string): Promise<void> {
    const method = await this.#method(tenant, id);
    const autopay = await this.getAutopay(tenant);
    if (autopay.enabled && autopay.paymentMethodId === id) {
      throw new ConflictError('method_in_use', 'Payment method in use', { detail: 'Autopay charges this method; choose another method for autopay or turn it off first.' });
    }
    await this.db.deleteFrom('payment_methods').where('tenant_id', '=', tenant).where('id', '=', id).execute();
    await this.audit(tenant, actor, 'payment_method.removed', id, { label: method.label });
  }

  // Payments -------------------------------------------------------------------

  async listPayments(tenant: string): Promise<PaymentView[]> {
    const rows = await this.db.selectFrom('payments').selectAll().where('tenant_id', '=', tenant).orderBy('created_at', 'desc').limit(200).execute();
    return rows.map(toPaymentView);
  }

  /**
   * Pays invoices in full with a saved method, at most once per Idempotency-Key, never
   * twice per invoice: each invoice is claimed in SQL for the duration of the payment.
   */
  async pay(
    tenant: string,
    actor: string,
    key: string,
    input: { invoiceIds: string[]; paymentMethodId?: string | undefined },
    trigger: 'customer' | 'autopay' = 'customer',
  ): Promise<PaymentOutcome & { replayed: boolean }> {
    const { result, replayed } = await withIdempotency(this.db, tenant, key, requestHash(input), () => this.#pay(tenant, actor, key, input, trigger), { now: this.now });
    return { ...result, replayed };
  }

  async #pay(tenant: string, actor: string, key: string, input: { invoiceIds: string[]; paymentMethodId?: string | undefined }, trigger: 'customer' | 'autopay'): Promise<PaymentOutcome> {
    const { provider, account, source } = await this.account(tenant);
    const gateway = this.#gateway();
    const method = input.paymentMethodId ? await this.#methodRow(tenant, input.paymentMethodId, '/data/attributes/paymentMethodId') : await this.#defaultMethod(tenant);
    const invoiceIds = [...new Set(input.invoiceIds)];

    await this.#claim(tenant, source, invoiceIds, key);
    try {
      const invoices: Invoice[] = [];
      for (const [i, id] of invoiceIds.entries()) {
        const invoice = await provider.getInvoice(account, id);
        if (!invoice) throw invalid(`There is no invoice "${id}" for this account.`, `/data/attributes/invoiceIds/${i}`, 'unknown_invoice');
        if (!PAYABLE.has(invoice.status) || invoice.amountDue <= 0) {
          throw new ConflictError('invoice_not_payable', 'Invoice not payable', { detail: `Invoice ${invoice.number} is ${invoice.status === 'paid' ? 'already paid' : invoice.status}.`, source: { pointer: `/data/attributes/invoiceIds/${i}` } });
        }
        invoices.push(invoice);
      }
      const currency = invoices[0]!.currency;
      if (invoices.some((inv) => inv.currency !== currency)) {
        throw invalid('Invoices in different currencies are paid separately.', '/data/attributes/invoiceIds', 'mixed_currency');
      }
      const amount = invoices.reduce((a, inv) => a + inv.amountDue, 0);
      const label = methodLabel(method);
      const payment: PaymentTable = {
        id: crypto.randomUUID(),
        tenant_id: tenant,
        source,
        amount,
        currency,
        status: 'processing',
        method_id: method.id,
        method_label: label,
        invoice_ids: writeJson(invoiceIds),
        gateway_reference: null,
        provider_reference: null,
        failure_code: null,
        failure_message: null,
        trigger,
        created_at: this.now().toISOString(),
      };
      const charge = await gateway.charge({
        token: method.token,
        amount,
        currency,
        idempotencyKey: `${tenant}:${key}`,
        description: `Invoices ${invoices.map((i) => i.number).join(', ')}`,
      });
      payment.gateway_reference = charge.id;

      if (charge.status === 'declined') {
        payment.status = 'failed';
        payment.failure_code = charge.code;
        payment.failure_message = charge.message;
        await this.db.insertInto('payments').values(payment).execute();
        await this.audit(tenant, actor, 'payment.failed', payment.id, { amount, currency, invoiceIds, method: label, code: charge.code, trigger });
        const view = toPaymentView(payment);
        await this.bus.publish(tenant, BILLING_TOPIC, { op: 'upsert', data: paymentResource(view) });
        const detail = charge.code === 'card_declined' ? `Your ${label} was declined. Try another payment method or contact your bank.` : `${charge.message} (${label})`;
        return { outcome: 'declined', payment: view, code: charge.code, detail };
      }

      const allocations = invoices.map((inv) => ({ invoiceId: inv.id, amount: inv.amountDue }));
      try {
        const recorded = await retry(() => provider.recordPayment(account, { allocations, amount, currency, gatewayReference: charge.id, methodLabel: label, idempotencyKey: key }));
        payment.provider_reference = recorded.reference;
        payment.status = 'succeeded';
      } catch (err) {
        // Charged but not yet recorded at the billing system: keep it visible and audited.
        payment.status = 'processing';
        payment.failure_message = err instanceof Error ? err.message : 'The billing system did not record the payment yet.';
      }
      await this.db.insertInto('payments').values(payment).execute();
      await this.audit(tenant, actor, payment.status === 'succeeded' ? 'payment.succeeded' : 'payment.unrecorded', payment.id, { amount, currency, invoiceIds, method: label, trigger });
      const view = toPaymentView(payment);
      await this.bus.publish(tenant, BILLING_TOPIC, { op: 'upsert', data: paymentResource(view) });
      for (const id of invoiceIds) {
        const fresh = await provider.getInvoice(account, id).catch(() => undefined);
        if (fresh) await this.bus.publish(tenant, BILLING_TOPIC, { op: 'upsert', data: invoiceResource(fresh) });
      }
      return { outcome: payment.status === 'succeeded' ? 'succeeded' : 'unrecorded', payment: view };
    } finally {
      await this.db.deleteFrom('invoice_claims').where('tenant_id', '=', tenant).where('claimed_by', '=', key).execute();
    }
  }

  async #claim(tenant: string, source: string, invoiceIds: string[], key: string) {
    await this.db.transaction().execute(async (trx) => {
      for (const invoiceId of invoiceIds) {
        const inserted = await trx
          .insertInto('invoice_claims')
          .values({ tenant_id: tenant, source, invoice_id: invoiceId, claimed_by: key, created_at: this.now().toISOString() })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) {
          throw new ConflictError('invoice_payment_in_progress', 'Payment in progress', { detail: 'Another payment for this invoice is in progress; wait for it to finish.', retryAfterSeconds: 2 });
        }
      }
    });
  }

  // Autopay --------------------------------------------------------------------

  async getAutopay(tenant: string): Promise<AutopayView> {
    const row = await this.db.selectFrom('autopay').selectAll().where('tenant_id', '=', tenant).executeTakeFirst();
    const enabled = !!row?.enabled;
    let nextChargeOn: string | null = null;
    if (enabled) {
      const invoices = await this.listInvoices(tenant).catch(() => []);
      const due = invoices.filter((i) => PAYABLE.has(i.status) && i.amountDue > 0).map((i) => i.dueOn).sort();
      const today = this.now().toISOString().slice(0, 10);
      nextChargeOn = due.length ? (due[0]! < today ? today : due[0]!) : null;
    }
    return { enabled, paymentMethodId: row?.method_id ?? null, nextChargeOn };
  }

  async setAutopay(tenant: string, actor: string, input: { enabled: boolean; paymentMethodId?: string | null }): Promise<AutopayView> {
    let methodId: string | null = input.paymentMethodId ?? null;
    if (input.enabled) methodId = (methodId ? await this.#methodRow(tenant, methodId, '/data/attributes/paymentMethodId') : await this.#defaultMethod(tenant)).id;
    const values = { enabled: input.enabled ? 1 : 0, method_id: methodId, updated_at: this.now().toISOString(), updated_by: actor };
    await this.db
      .insertInto('autopay')
      .values({ tenant_id: tenant, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
      .execute();
    await this.audit(tenant, actor, input.enabled ? 'autopay.enabled' : 'autopay.disabled', tenant, { paymentMethodId: methodId });
    const view = await this.getAutopay(tenant);
    await this.bus.publish(tenant, BILLING_TOPIC, { op: 'upsert', data: autopayResource(tenant, view) });
    return view;
  }

  /** Charges every tenant's due invoices with its autopay method. One key per invoice set and day. */
  async runAutopay(): Promise<{ attempted: number }> {
    const rows = await this.db.selectFrom('autopay').selectAll().where('enabled', '=', 1).execute();
    const today = this.now().toISOString().slice(0, 10);
    let attempted = 0;
    for (const row of rows) {
      const invoices = await this.listInvoices(row.tenant_id).catch(() => []);
      const due = invoices.filter((i) => PAYABLE.has(i.status) && i.amountDue > 0 && i.dueOn <= today);
      const byCurrency = new Map<string, Invoice[]>();
      for (const invoice of due) byCurrency.set(invoice.currency, [...(byCurrency.get(invoice.currency) ?? []), invoice]);
      for (const group of byCurrency.values()) {
        const ids = group.map((i) => i.id).sort();
        attempted++;
        await this.pay(row.tenant_id, 'autopay', `autopay:${today}:${ids.join(',')}`, { invoiceIds: ids, paymentMethodId: row.method_id ?? undefined }, 'autopay').catch(() => undefined);
      }
    }
    return { attempted };
  }

  // Audit ----------------------------------------------------------------------

  async audit(tenant: string, actor: string, action: string, subject: string, detail: Record<string, unknown>): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({ id: crypto.randomUUID(), tenant_id: tenant, actor, action, subject, detail: writeJson(detail), created_at: this.now().toISOString() })
      .execute();
  }

  async auditLog(tenant: string) {
    const rows = await this.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenant).orderBy('created_at', 'desc').limit(500).execute();
    return rows.map((r) => ({ id: r.id, actor: r.actor, action: r.action, subject: r.subject, detail: readJson<Record<string, unknown>>(r.detail, {}), createdAt: r.created_at }));
  }

  #gateway(): PaymentGateway {
    if (!this.gateway) throw new UnavailableError('no_payment_gateway', 'Payments unavailable', { detail: 'No payment gateway is configured on this host.' });
    return this.gateway;
  }

  async #methodRow(tenant: string, id: string, pointer: string): Promise<PaymentMethodTable> {
    const row = await this.db.selectFrom('payment_methods').selectAll().where('tenant_id', '=', tenant).where('id', '=', id).executeTakeFirst();
    if (!row) throw invalid('There is no such saved payment method.', pointer, 'unknown_payment_method');
    return row;
  }

  async #method(tenant: string, id: string): Promise<PaymentMethodView> {
    const row = await this.db.selectFrom('payment_methods').selectAll().where('tenant_id', '=', tenant).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('payment method', id);
    return toMethodView(row);
  }

  async #defaultMethod(tenant: string): Promise<PaymentMethodTable> {
    const row = await this.db.selectFrom('payment_methods').selectAll().where('tenant_id', '=', tenant).orderBy('is_default', 'desc').orderBy('created_at').executeTakeFirst();
    if (!row) throw invalid('Add a card or bank account first.', '/data/attributes/paymentMethodId', 'no_payment_method');
    return row;
  }
}

function invalid(detail: string, pointer: string, code = 'invalid'): InvalidInputError {
  return new InvalidInputError(code, 'Invalid payment', detail, { pointer });
}

async function retry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn();
    } catch (err) {
      last = err;
      if (isRefusal(err)) break;
      await new Promise((r) => setTimeout(r, 200 * 2 ** i));
    }
  }
  throw last;
}

function toMethodView(row: PaymentMethodTable): PaymentMethodView {
  return {
    id: row.id,
    kind: row.kind,
    brand: row.brand,
    last4: row.last4,
    expMonth: row.exp_month,
    expYear: row.exp_year,
    holderName: row.holder_name,
    isDefault: !!row.is_default,
    label: methodLabel(row),
  };
}

function toPaymentView(row: PaymentTable): PaymentView {
  return {
    id: row.id,
    status: row.status as PaymentView['status'],
    amount: row.amount,
    currency: row.currency,
    invoiceIds: readJson<string[]>(row.invoice_ids, []),
    method: { id: row.method_id, label: row.method_label },
    receiptNumber: row.provider_reference,
    failureCode: row.failure_code,
    failureMessage: row.failure_message,
    trigger: row.trigger as PaymentView['trigger'],
    createdAt: row.created_at,
  };
}
