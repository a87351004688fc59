import type { Db } from '../../db/database.js';
import { readJson, writeJson } from '../../db/json.js';
import type { PaymentMethodTable, PaymentTable } from '../../db/schema.js';
import type { EventBus } from '../../ports/event-bus.js';
import type { BillingProvider, Invoice, PaymentAllocation } from '../../ports/billing-provider.js';
import type { ChargeOutcome, GatewayEvent, HostedMethodKind, HostedPaymentGateway, HostedSetup } from '../../ports/hosted-payment-gateway.js';
import { ConflictError, InvalidInputError, ProviderError, UnavailableError, isRefusal, notFound } from '../../errors.js';
import type { AuditService } from '../audit/audit-service.js';
import { autopayResource, invoiceResource, paymentResource } from './resources.js';
import { requestHash } from './idempotency.js';

export const BILLING_TOPIC = 'billing';

export interface PaymentMethodView {
  id: string;
  kind: 'card' | 'ach' | 'sepa';
  brand: string;
  last4: string;
  expMonth: number | null;
  expYear: number | null;
  holderName: string;
  isDefault: boolean;
  label: string;
}

/**
 * A payment's life, persisted before each external call: `created` (invoices claimed) →
 * `charging` (the gateway is being asked, under the stored key) → `charged` (money taken,
 * the billing system not told yet) → `recorded`; or `failed` (declined, nothing taken) /
 * `refunded`.
 */
export type PaymentState = 'created' | 'charging' | 'charged' | 'recorded' | 'failed' | 'refunded';

export interface PaymentView {
  id: string;
  /** succeeded: recorded at the billing system; processing: charging or charged, not settled yet. */
  status: 'succeeded' | 'failed' | 'processing' | 'refunded';
  state: PaymentState;
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

export interface BillingServiceOptions {
  /** How long a request or the reconciliation job holds a payment it works on (ms). Default 2 minutes. */
  leaseMs?: number;
  /** A bank debit (`processing` at the gateway) is looked at again after this long (ms), webhooks aside. Default 1 hour. */
  processingRecheckMs?: number;
  /** Gateways keep idempotency keys this long (Stripe: 24 h); a lost charge is re-sent under its key only within it. Default 23 hours. */
  gatewayKeyLifetimeMs?: number;
  /** Autopay tries an invoice set at most this many times, one day apart. Default 3. */
  autopayAttempts?: number;
  /**
   * What customers may save. Each must be enabled in the gateway's account (Stripe refuses a
   * SetupIntent naming a type the dashboard has not activated). Default card, us_bank_account, sepa_debit.
   */
  methodTypes?: HostedMethodKind[];
}

const BRAND_LABEL: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover', ach: 'Bank account', sepa: 'SEPA account', card: 'Card' };
const methodLabel = (m: Pick<PaymentMethodTable, 'brand' | 'last4' | 'kind'>) =>
  `${BRAND_LABEL[m.brand] ?? (m.kind === 'card' ? m.brand : `${BRAND_LABEL[m.kind]} (${m.brand})`)} •••• ${m.last4}`;
const PAYABLE = new Set(['open', 'overdue']);
const UNSETTLED: PaymentState[] = ['created', 'charging', 'charged'];
const KIND_OF: Record<HostedMethodKind, PaymentMethodTable['kind']> = { card: 'card', us_bank_account: 'ach', sepa_debit: 'sepa' };

/** €450.00, $1,047.90, ¥500: minor units in the currency's own digits. */
export function formatMoney(amount: number, currency: string, locale = 'en'): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

/**
 * Invoices, payment methods, payments and autopay for a tenant. Every read and write is
 * scoped by tenant here, not only in the routes. Card and bank numbers never reach this
 * service: methods are saved in the gateway's own fields and arrive as the gateway's ids.
 */
export class BillingService {
  readonly #leaseMs: number;
  readonly #options: Required<BillingServiceOptions>;

  constructor(
    private readonly db: Db,
    private readonly providers: readonly BillingProvider[],
    private readonly gateway: HostedPaymentGateway | undefined,
    private readonly bus: EventBus,
    private readonly now: () => Date,
    private readonly auditLogService: AuditService,
    options: BillingServiceOptions = {},
  ) {
    this.#options = { leaseMs: 120_000, processingRecheckMs: 3600_000, gatewayKeyLifetimeMs: 23 * 3600_000, autopayAttempts: 3, methodTypes: ['card', 'us_bank_account', 'sepa_debit'], ...options };
    this.#leaseMs = this.#options.leaseMs;
  }

  get sources(): string[] {
    return this.providers.map((p) => p.source);
  }

  /** The gateway's id (`stripe`, `test`), or `undefined` when payments are off. */
  get gatewayId(): string | undefined {
    return this.gateway?.id;
  }

  /** The hosted gateway, for the services beside this one that call it too (refunds.ts). */
  get hostedGateway(): HostedPaymentGateway | undefined {
    return this.gateway;
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

  /** The tenant's customer at the gateway, created once and kept. */
  async #customer(tenant: string): Promise<string> {
    const gateway = this.#gateway();
    const known = await this.db.selectFrom('gateway_customers').select('customer_id').where('tenant_id', '=', tenant).where('gateway', '=', gateway.id).executeTakeFirst();
    if (known) return known.customer_id;
    const name = (await this.db.selectFrom('tenants').select('name').where('id', '=', tenant).executeTakeFirst())?.name ?? tenant;
    const customer = await gateway.ensureCustomer(tenant, { name });
    await this.db
      .insertInto('gateway_customers')
      .values({ tenant_id: tenant, gateway: gateway.id, customer_id: customer.id })
      .onConflict((oc) => oc.columns(['tenant_id', 'gateway']).doNothing())
      .execute();
    return customer.id;
  }

  /** Starts saving a method in the gateway's own fields; the browser gets the client secret, nothing is stored. */
  async createSetup(tenant: string, actor: string): Promise<HostedSetup> {
    const customer = await this.#customer(tenant);
    const setup = await this.#gateway().createSetup(customer, { methodTypes: this.#options.methodTypes, idempotencyKey: `gp_setup_${crypto.randomUUID()}` });
    await this.audit(tenant, actor, 'payment_setup.started', setup.id, { gateway: setup.gateway });
    return setup;
  }

  /**
   * Saves the method of a setup the browser confirmed in the gateway's fields: only when
   * the gateway says the setup succeeded. A declined or unfinished setup saves nothing.
   */
  async addMethod(tenant: string, actor: string, gatewayToken: string, makeDefault: boolean): Promise<PaymentMethodView> {
    const gateway = this.#gateway();
    const customer = await this.#customer(tenant);
    const outcome = await gateway.confirmSetup(customer, gatewayToken).catch((err: unknown) => {
      const missing = err instanceof ProviderError ? err.upstreamStatus === 404 || err.failure === 'not_found' || err.code === 'resource_missing' : (err as { status?: number })?.status === 404;
      if (missing) throw invalid('There is no such payment setup for this customer.', '/data/attributes/gatewayToken', 'unknown_setup');
      throw err;
    });
    if (outcome.status === 'failed') {
      await this.audit(tenant, actor, 'payment_method.declined', gatewayToken, { code: outcome.declineCode ?? outcome.code });
      throw new InvalidInputError('setup_declined', 'Payment method declined', `${outcome.message} Nothing was saved; try another card or account.`, { pointer: '/data/attributes/gatewayToken' }, { meta: { declineCode: outcome.declineCode ?? outcome.code } });
    }
    if (outcome.status === 'pending') {
      throw new ConflictError('setup_not_finished', 'Setup not finished', { detail: 'The payment method was not confirmed yet; finish the steps in the payment form first.' });
    }
    const { method } = outcome;
    const existing = await this.db.selectFrom('payment_methods').selectAll().where('tenant_id', '=', tenant).where('token', '=', method.gatewayId).executeTakeFirst();
    if (existing) return toMethodView(existing);
    const count = (await this.listMethods(tenant)).length;
    const row: PaymentMethodTable = {
      id: crypto.randomUUID(),
      tenant_id: tenant,
      gateway: gateway.id,
      token: method.gatewayId,
      kind: KIND_OF[method.kind],
      brand: method.brand,
      last4: method.last4,
      exp_month: method.expMonth,
      exp_year: method.expYear,
      holder_name: '',
      is_default: makeDefault || count === 0 ? 1 : 0,
      created_at: this.now().toISOString(),
    };
    await this.db.transaction().execute(async (trx) => {
      if (row.is_default) await trx.updateTable('payment_methods').set({ is_default: 0 }).where('tenant_id', '=', tenant).execute();
      await trx.insertInto('payment_methods').values(row).execute();
    });
    await this.audit(tenant, actor, 'payment_method.added', row.id, { label: methodLabel(row), kind: row.kind, isDefault: !!row.is_default });
    return toMethodView(row);
  }

  async setDefaultMethod(tenant: string, actor: string, id: string): Promise<PaymentMethodView> {
    await this.#method(tenant, id);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('payment_methods').set({ is_default: 0 }).where('tenant_id', '=', tenant).execute();
      await trx.updateTable('payment_methods').set({ is_default: 1 }).where('tenant_id', '=', tenant).where('id', '=', id).execute();
    });
    const view = await this.#method(tenant, id);
    await this.audit(tenant, actor, 'payment_method.default', id, { label: view.label });
    return view;
  }

  /**
   * Detaches the method at the gateway and forgets it. Autopay's method is removed only with
   * `confirm` (autopay is then turned off); otherwise 409.
   */
  async removeMethod(tenant: string, actor: string, id: string, confirm = false): Promise<void> {
    const row = await this.db.selectFrom('payment_methods').selectAll().where('tenant_id', '=', tenant).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('payment method', id);
    const autopay = await this.db.selectFrom('autopay').selectAll().where('tenant_id', '=', tenant).executeTakeFirst();
    const forAutopay = !!autopay?.enabled && autopay.method_id === id;
    if (forAutopay && !confirm) {
      throw new ConflictError('method_in_use', 'Payment method in use', {
        detail: `Autopay charges ${methodLabel(row)}. Removing it turns autopay off: confirm to remove it anyway, or choose another method for autopay first.`,
      });
    }
    if (this.gateway && row.gateway === this.gateway.id) {
      const customer = await this.#customer(tenant);
      await this.gateway.detachMethod(customer, row.token).catch((err: unknown) => {
        if (!(err instanceof ProviderError && (err.upstreamStatus === 404 || err.failure === 'not_found' || err.code === 'resource_missing'))) throw err;
      });
    }
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('payment_methods').where('tenant_id', '=', tenant).where('id', '=', id).execute();
      if (row.is_default) {
        const next = await trx.selectFrom('payment_methods').select('id').where('tenant_id', '=', tenant).orderBy('created_at').executeTakeFirst();
        if (next) await trx.updateTable('payment_methods').set({ is_default: 1 }).where('id', '=', next.id).execute();
      }
      if (forAutopay) await trx.updateTable('autopay').set({ enabled: 0, method_id: null, updated_at: this.now().toISOString(), updated_by: actor }).where('tenant_id', '=', tenant).execute();
    });
    await this.audit(tenant, actor, 'payment_method.removed', id, { label: methodLabel(row) });
    if (forAutopay) {
      await this.audit(tenant, actor, 'autopay.disabled', tenant, { reason: 'method removed' });
      await this.bus.publish(tenant, BILLING_TOPIC, { op: 'upsert', data: autopayResource(tenant, await this.getAutopay(tenant)) });
    }
  }

  // Payments -------------------------------------------------------------------

  async listPayments(tenant: string): Promise<PaymentView[]> {
    const rows = await this.db.selectFrom('payments').selectAll().where('tenant_id', '=', tenant).orderBy('created_at', 'desc').limit(200).execute();
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
    input: { invoiceIds: string[]; paymentMethodId?: string | undefined },
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
    input: { invoiceIds: string[]; paymentMethodId?: string | undefined },
    trigger: 'customer' | 'autopay',
  ): Promise<PaymentOutcome & { replayed: boolean }> {
    const { provider, account, source } = await this.account(tenant);
    const gateway = this.#gateway();
    const method = input.paymentMethodId ? await this.#methodRow(tenant, input.paymentMethodId, '/data/attributes/paymentMethodId') : await this.#defaultMethod(tenant);
    const invoiceIds = [...new Set(input.invoiceIds)];
    const invoices: Invoice[] = [];
    for (const [i, id] of invoiceIds.entries()) {
      const invoice = await provider.getInvoice(account, id);
      if (!invoice) throw invalid(`There is no invoice "${id}" for this account.`, `/data/attributes/invoiceIds/${i}`, 'unknown_invoice');
      const holder = await this.#unsettledHolder(tenant, source, invoice.id);
      // The same key, sent again while its first request still works: answer as that one does.
      if (holder?.request_key === key) return { ...(await this.#replay(holder, hash)), replayed: true };
      if (holder !== undefined) throw inProgress(invoice, holder, i);
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
    const customer = await this.#customer(tenant);
    const id = crypto.randomUUID();
    const at = this.now();
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
      lease_until: new Date(at.getTime() + this.#leaseMs).toISOString(),
      attempts: 0,
    };
    try {
      await this.db.transaction().execute(async (trx) => {
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
    await this.audit(tenant, actor, 'payment.started', id, { amount, currency, invoiceIds, method: row.method_label, trigger });
    const settled = await this.#drive(row, actor, 'request');
    return { ...this.#outcomeOf(settled), replayed: false };
  }

  /**
   * The payment holding the invoice's claim (not settled yet): `undefined` when free, `null`
   * when a claim has no payment row (left by an older version; reconciliation drops it).
   */
  async #unsettledHolder(tenant: string, source: string, invoiceId: string): Promise<PaymentTable | null | undefined> {
    const claim = await this.db.selectFrom('invoice_claims').select('claimed_by').where('tenant_id', '=', tenant).where('source', '=', source).where('invoice_id', '=', invoiceId).executeTakeFirst();
    if (!claim) return undefined;
    return (await this.db.selectFrom('payments').selectAll().where('tenant_id', '=', tenant).where('id', '=', claim.claimed_by).executeTakeFirst()) ?? null;
  }

  async #byRequestKey(tenant: string, key: string): Promise<PaymentTable | undefined> {
    return this.db.selectFrom('payments').selectAll().where('tenant_id', '=', tenant).where('request_key', '=', key).executeTakeFirst();
  }

  /** The answer for a repeated key: waits while the first request still works on it (bounded), then its state. */
  async #replay(row: PaymentTable, hash: string): Promise<PaymentOutcome> {
    if (row.request_hash !== hash) {
      throw new InvalidInputError('idempotency_key_reused', 'Idempotency key reused', 'This Idempotency-Key was already used for a different request; use a new key for a new payment.', { header: 'Idempotency-Key' });
    }
    const deadline = Date.now() + 15_000;
    let current = row;
    while ((UNSETTLED as string[]).includes(current.state) && current.lease_until && current.lease_until > this.now().toISOString() && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      current = (await this.db.selectFrom('payments').selectAll().where('id', '=', row.id).executeTakeFirst()) ?? current;
    }
    return this.#outcomeOf(current);
  }

  #outcomeOf(row: PaymentTable): PaymentOutcome {
    const payment = toPaymentView(row);
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
                : `${row.failure_message ?? 'The payment did not go through.'} (${row.method_label})`;
      return { outcome: 'declined', payment, code, detail };
    }
    return { outcome: row.state === 'recorded' || row.state === 'refunded' ? 'succeeded' : 'unrecorded', payment };
  }

  async #update(row: PaymentTable, changes: Partial<PaymentTable>): Promise<PaymentTable> {
    const next = { ...row, ...changes, updated_at: this.now().toISOString() };
    if (changes.state) next.status = changes.state === 'recorded' ? 'succeeded' : changes.state === 'failed' ? 'failed' : changes.state === 'refunded' ? 'refunded' : 'processing';
    const { id, ...values } = next;
    await this.db.updateTable('payments').set(values).where('id', '=', id).execute();
    return next;
  }

  async #releaseClaims(row: PaymentTable): Promise<void> {
    await this.db.deleteFrom('invoice_claims').where('tenant_id', '=', row.tenant_id).where('claimed_by', '=', row.id).execute();
  }

  /**
   * Moves a payment on as far as it can go now. The caller holds its lease. Each state is
   * written before the call that leaves it, so a crash anywhere leaves a row that says what
   * to ask: `charging` with its key (ask the gateway), `charged` (tell the billing system).
   */
  async #drive(start: PaymentTable, actor: string, by: 'request' | 'reconcile' | 'webhook'): Promise<PaymentTable> {
    let row = start;
    const gateway = this.#gateway();
    if (row.state === 'created') {
      if (by !== 'request') {
        // The request died before it asked the gateway (charging is written first): nothing was charged.
        row = await this.#update(row, { state: 'failed', failure_code: 'abandoned', failure_message: 'The payment was interrupted before the card was charged; nothing was charged.', lease_until: null });
        await this.#releaseClaims(row);
        await this.audit(row.tenant_id, actor, 'payment.abandoned', row.id, { amount: row.amount, currency: row.currency });
        await this.#publish(row);
        return row;
      }
      row = await this.#update(row, { state: 'charging', attempts: row.attempts + 1 });
    }
    if (row.state === 'charging') {
      let outcome: ChargeOutcome | null;
      try {
        outcome = await this.#chargeOrFind(row, gateway, by);
      } catch (err) {
        if (isRefusal(err) && !row.gateway_reference && by === 'request' && !(err instanceof ProviderError && err.code === 'idempotency_error')) {
          // The gateway refused the request itself: nothing was charged.
          row = await this.#update(row, { state: 'failed', failure_code: err instanceof ProviderError ? err.code : 'refused', failure_message: err instanceof Error ? err.message : 'The gateway refused the payment.', lease_until: null });
          await this.#releaseClaims(row);
          await this.#publish(row);
          return row;
        }
        // Unknown whether it charged: the row keeps its key; reconciliation asks the gateway once the lease ends.
        row = await this.#update(row, { failure_message: 'The payment gateway did not answer; the payment is being checked.', lease_until: null });
        await this.#publish(row);
        return row;
      }
      if (!outcome) {
        row = await this.#update(row, { state: 'failed', failure_code: 'charge_not_found', failure_message: 'The gateway has no charge for this payment; nothing was charged.', lease_until: null });
        await this.#releaseClaims(row);
        await this.audit(row.tenant_id, actor, 'payment.failed', row.id, { amount: row.amount, currency: row.currency, code: 'charge_not_found' });
        await this.#publish(row);
        return row;
      }
      if (outcome.status === 'processing') {
        // A bank debit on its way: the webhook (or a later look) settles it.
        row = await this.#update(row, { gateway_reference: outcome.id, failure_message: null, lease_until: new Date(this.now().getTime() + this.#options.processingRecheckMs).toISOString() });
        await this.#publish(row);
        return row;
      }
      if (outcome.status === 'declined' || outcome.status === 'requires_action') {
        const code = outcome.status === 'requires_action' ? 'authentication_required' : outcome.declineCode ?? outcome.code ?? 'card_declined';
        row = await this.#update(row, { state: 'failed', gateway_reference: outcome.id, failure_code: code, failure_message: outcome.message ?? 'Declined.', lease_until: null });
        await this.#releaseClaims(row);
        await this.audit(row.tenant_id, actor, 'payment.failed', row.id, { amount: row.amount, currency: row.currency, invoiceIds: readJson<string[]>(row.invoice_ids, []), method: row.method_label, code, trigger: row.trigger });
        await this.#publish(row);
        return row;
      }
      row = await this.#update(row, { state: 'charged', gateway_reference: outcome.id, failure_message: null });
      await this.audit(row.tenant_id, actor, 'payment.charged', row.id, { amount: row.amount, currency: row.currency, gatewayReference: outcome.id });
    }
    if (row.state === 'charged') {
      const { provider, account } = await this.account(row.tenant_id);
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
        row = await this.#update(row, { state: 'recorded', provider_reference: recorded.reference, failure_message: null, lease_until: null });
        await this.#releaseClaims(row);
        await this.audit(row.tenant_id, actor, 'payment.succeeded', row.id, { amount: row.amount, currency: row.currency, invoiceIds: readJson<string[]>(row.invoice_ids, []), method: row.method_label, trigger: row.trigger });
      } catch (err) {
        // Charged, not recorded yet: reconciliation tells the billing system again, under the same id.
        row = await this.#update(row, { failure_message: `Paid; the billing system has not recorded it yet (${err instanceof Error ? err.message : 'no answer'}).`.slice(0, 500), lease_until: null });
        await this.audit(row.tenant_id, actor, 'payment.unrecorded', row.id, { amount: row.amount, currency: row.currency });
      }
      await this.#publish(row);
    }
    return row;
  }

  /**
   * The request charges; reconciliation and webhooks find out what the gateway did: by the
   * charge's id when known, else by the payment id in the metadata, else (within the
   * gateway's key lifetime) by sending the identical request under the stored key, which
   * the gateway answers with the charge it made, if any, and never charges twice.
   */
  async #chargeOrFind(row: PaymentTable, gateway: HostedPaymentGateway, by: 'request' | 'reconcile' | 'webhook'): Promise<ChargeOutcome | null> {
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
    if (this.now().getTime() - Date.parse(row.created_at) < this.#options.gatewayKeyLifetimeMs) return gateway.charge(request);
    return null;
  }

  async #publish(row: PaymentTable): Promise<void> {
    await this.bus.publish(row.tenant_id, BILLING_TOPIC, { op: 'upsert', data: paymentResource(toPaymentView(row)) });
    if (row.state !== 'recorded') return;
    const { provider, account } = await this.account(row.tenant_id).catch(() => ({ provider: undefined, account: '' }));
    for (const id of readJson<string[]>(row.invoice_ids, [])) {
      const fresh = await provider?.getInvoice(account, id).catch(() => undefined);
      if (fresh) await this.bus.publish(row.tenant_id, BILLING_TOPIC, { op: 'upsert', data: invoiceResource(fresh) });
    }
  }

  /** Takes a payment's lease if nobody holds it (compare-and-set, so one process at a time). */
  async #lease(row: PaymentTable): Promise<PaymentTable | undefined> {
    const now = this.now().toISOString();
    const until = new Date(this.now().getTime() + this.#leaseMs).toISOString();
    const taken = await this.db
      .updateTable('payments')
      .set({ lease_until: until })
      .where('id', '=', row.id)
      .where('state', '=', row.state)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) === 1 ? { ...row, lease_until: until } : undefined;
  }

  /**
   * Settles what is left unsettled (run by the `payment-reconcile` job, once across
   * processes, and at start): payments a request crashed on or could not finish, whose lease
   * has ended. Charged-but-unrecorded ones are recorded under the same id until the billing
   * system has them; charging ones are looked up at the gateway. Claims left behind by
   * requests of older versions (no payment row) are dropped once stale.
   */
  async reconcile(): Promise<{ settled: number; pending: number }> {
    if (!this.gateway) return { settled: 0, pending: 0 };
    const now = this.now().toISOString();
    const rows = await this.db
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
      const row = await this.#lease(candidate);
      if (!row) continue;
      const after = await this.#drive(row, 'reconciliation', 'reconcile').catch(async (err: unknown) => {
        await this.db.updateTable('payments').set({ lease_until: null }).where('id', '=', row.id).execute();
        return { ...row, failure_message: err instanceof Error ? err.message : String(err) };
      });
      if ((UNSETTLED as string[]).includes(after.state)) pending++;
      else settled++;
    }
    const stale = new Date(this.now().getTime() - this.#leaseMs).toISOString();
    const orphans = await this.db
      .selectFrom('invoice_claims')
      .leftJoin('payments', 'payments.id', 'invoice_claims.claimed_by')
      .select(['invoice_claims.tenant_id', 'invoice_claims.claimed_by', 'payments.state'])
      .where('invoice_claims.created_at', '<=', stale)
      .execute();
    for (const claim of orphans) {
      if (claim.state && (UNSETTLED as string[]).includes(claim.state)) continue;
      await this.db.deleteFrom('invoice_claims').where('tenant_id', '=', claim.tenant_id).where('claimed_by', '=', claim.claimed_by).execute();
    }
    return { settled, pending };
  }

  /** Verifies a webhook's raw body with the gateway (400 invalid_signature otherwise), then acts on it. */
  async handleWebhook(rawBody: string, signature: string | undefined): Promise<{ duplicate: boolean; paymentId?: string }> {
    return this.handleGatewayEvent(this.#gateway().parseWebhook(rawBody, signature));
  }

  /**
   * A verified gateway event: stored by id first (a repeat is ignored), then the payment it
   * names is moved on from the gateway's current state (events arrive out of order).
   */
  async handleGatewayEvent(event: GatewayEvent): Promise<{ duplicate: boolean; paymentId?: string }> {
    const gateway = this.#gateway();
    const inserted = await this.db
      .insertInto('gateway_events')
      .values({ gateway: gateway.id, event_id: event.id, type: event.type.slice(0, 100), received_at: this.now().toISOString() })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return { duplicate: true };
    if (!event.type.startsWith('payment_intent.') || (!event.paymentId && !event.metadata?.glasspane_payment)) return { duplicate: false };
    let query = this.db.selectFrom('payments').selectAll().where('gateway', '=', gateway.id);
    query = event.metadata?.glasspane_payment ? query.where('id', '=', event.metadata.glasspane_payment) : query.where('gateway_reference', '=', event.paymentId!);
    const payment = await query.executeTakeFirst();
    if (!payment) return { duplicate: false };
    if (!(UNSETTLED as string[]).includes(payment.state)) return { duplicate: false, paymentId: payment.id };
    // A processing debit holds a long lease for re-checks; an event ends that wait.
    if (payment.state === 'charging' && payment.gateway_reference) await this.db.updateTable('payments').set({ lease_until: null }).where('id', '=', payment.id).where('lease_until', '=', payment.lease_until).execute();
    const fresh = await this.db.selectFrom('payments').selectAll().where('id', '=', payment.id).executeTakeFirstOrThrow();
    const row = await this.#lease(fresh);
    if (row) {
      if (!row.gateway_reference && event.paymentId) row.gateway_reference = event.paymentId;
      await this.#drive(row, `gateway:${gateway.id}`, 'webhook');
    }
    return { duplicate: false, paymentId: payment.id };
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

  /**
   * Charges every tenant's due invoices with its autopay method. The key is stable per
   * invoice set and attempt (`autopay:<ids>:<n>`), never per day: a run that finds the
   * attempt's payment answers with it instead of charging again; a declined attempt is
   * retried a day later, at most `autopayAttempts` times.
   */
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
        const prefix = `autopay:${ids.join(',')}:`;
        const earlier = await this.db.selectFrom('payments').select(['state', 'updated_at']).where('tenant_id', '=', row.tenant_id).where('request_key', 'like', `${prefix}%`).orderBy('created_at', 'desc').execute();
        const failed = earlier.filter((p) => p.state === 'failed');
        if (earlier.some((p) => p.state !== 'failed')) continue; // being settled, or paid
        if (failed.length >= this.#options.autopayAttempts) continue;
        if (failed[0] && this.now().getTime() - Date.parse(failed[0].updated_at ?? '1970-01-01') < 24 * 3600_000) continue;
        attempted++;
        await this.pay(row.tenant_id, 'autopay', `${prefix}${failed.length + 1}`, { invoiceIds: ids, paymentMethodId: row.method_id ?? undefined }, 'autopay').catch(() => undefined);
      }
    }
    return { attempted };
  }

  // Audit ----------------------------------------------------------------------

  /** Appends to the audit log (AuditService); kept here for the callers that hold billing. */
  async audit(tenant: string, actor: string, action: string, subject: string, detail: Record<string, unknown>): Promise<void> {
    await this.auditLogService.append(tenant, actor, action, subject, detail);
  }

  async auditLog(tenant: string) {
    return this.auditLogService.list(tenant);
  }

  #gateway(): HostedPaymentGateway {
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
  const amount = holder ? formatMoney(holder.amount, holder.currency) : formatMoney(invoice.amountDue, invoice.currency);
  return new ConflictError('invoice_payment_in_progress', 'Payment being processed', {
    detail: `A payment of ${amount} for invoice ${invoice.number} is being processed; the invoice cannot be paid again until it is settled.`,
    source: { pointer: `/data/attributes/invoiceIds/${index}` },
    retryAfterSeconds: 30,
  });
}

function invalid(detail: string, pointer: string, code = 'invalid'): InvalidInputError {
  return new InvalidInputError(code, 'Invalid payment', detail, { pointer });
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

export function toPaymentView(row: PaymentTable): PaymentView {
  return {
    id: row.id,
    status: row.status as PaymentView['status'],
    amount: row.amount,
    currency: row.currency,
    invoiceIds: readJson<string[]>(row.invoice_ids, []),
    method: { id: row.method_id, label: row.method_label },
    state: row.state as PaymentState,
    receiptNumber: row.provider_reference,
    failureCode: row.failure_code,
    failureMessage: row.failure_message,
    trigger: row.trigger as PaymentView['trigger'],
    createdAt: row.created_at,
  };
}
