import type { Db } from '../../db/database.js';
import type { EventBus } from '../../ports/event-bus.js';
import type { BillingProvider, Invoice } from '../../ports/billing-provider.js';
import type { GatewayEvent, HostedPaymentGateway, HostedSetup } from '../../ports/hosted-payment-gateway.js';
import { ConflictError, ProviderError, notFound } from '../../errors.js';
import type { AuditService } from '../audit/audit-service.js';
import { Autopay } from './autopay.js';
import { BILLING_TOPIC, type BillingContext, type BillingServiceOptions } from './context.js';
import { PaymentLifecycle } from './payment-lifecycle.js';
import { PaymentMethods } from './payment-methods.js';
import { Payments, type PayInput } from './payments.js';
import { Reconciliation } from './reconciliation.js';
import { RefundRecords } from './refund-records.js';
import type { RefundTable } from './tables.js';
import { autopayResource } from './resources.js';
import type { AutopayView, PaymentMethodView, PaymentNextAction, PaymentOutcome, PaymentView } from './views.js';
import { errorMessage } from '../../error-messages.js';

export { BILLING_TOPIC, type BillingServiceOptions } from './context.js';
export type { AutopayView, PaymentMethodView, PaymentNextAction, PaymentOutcome, PaymentState, PaymentView } from './views.js';

/**
 * Invoices, payment methods, payments and autopay for a tenant: billing's one public face.
 * Every read and write is scoped by tenant here, not only in the routes. The work is done by
 * `PaymentMethods`, `Payments` (the request side), `PaymentLifecycle` (the payment state
 * machine), `Reconciliation` (the job and webhooks) and `Autopay`, which share one
 * `BillingContext`.
 */
export class BillingService {
  readonly #methods: PaymentMethods;
  readonly #payments: Payments;
  readonly #reconciliation: Reconciliation;
  readonly #autopay: Autopay;
  readonly #refundRecords: RefundRecords;

  constructor(
    private readonly db: Db,
    private readonly providers: readonly BillingProvider[],
    private readonly gateway: HostedPaymentGateway | undefined,
    private readonly bus: EventBus,
    now: () => Date,
    private readonly auditLogService: AuditService,
    options: BillingServiceOptions = {},
  ) {
    const ctx: BillingContext = {
      db,
      gateway,
      bus,
      now,
      options: {
        leaseMs: 120_000,
        processingRecheckMs: 3600_000,
        gatewayKeyLifetimeMs: 23 * 3600_000,
        authenticationWindowMs: 30 * 60_000,
        settledClaimHoldMs: 24 * 3600_000,
        autopayAttempts: 3,
        methodTypes: ['card', 'us_bank_account', 'sepa_debit'],
        ...options,
      },
      account: (tenant) => this.account(tenant),
      audit: (...args) => this.audit(...args),
    };
    const lifecycle = new PaymentLifecycle(ctx);
    this.#methods = new PaymentMethods(ctx);
    this.#payments = new Payments(ctx, this.#methods, lifecycle);
    this.#refundRecords = new RefundRecords(ctx);
    this.#reconciliation = new Reconciliation(ctx, lifecycle, this.#refundRecords);
    this.#autopay = new Autopay(ctx, this.#methods, this.#payments);
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
    if (account)
      await this.db
        .insertInto('billing_accounts')
        .values({ tenant_id: tenant, ...account })
        .execute();
  }

  async account(tenant: string): Promise<{ source: string; account: string; provider: BillingProvider }> {
    const row = await this.db.selectFrom('billing_accounts').selectAll().where('tenant_id', '=', tenant).executeTakeFirst();
    if (!row) throw new ConflictError(errorMessage('no_billing_account'));
    const provider = this.providers.find((p) => p.source === row.source);
    if (!provider)
      throw new ProviderError(row.source, errorMessage('provider_missing', { kind: 'billing', source: row.source }), {
        failure: 'unavailable',
      });
    return { source: row.source, account: row.account, provider };
  }

  // Invoices -------------------------------------------------------------------

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

  listMethods(tenant: string): Promise<PaymentMethodView[]> {
    return this.#methods.list(tenant);
  }

  /** Starts saving a method in the gateway's own fields; the browser gets the client secret, nothing is stored. */
  createSetup(tenant: string, actor: string): Promise<HostedSetup> {
    return this.#methods.createSetup(tenant, actor);
  }

  /** Saves the method of a setup the gateway says succeeded; a declined or unfinished one saves nothing. */
  addMethod(tenant: string, actor: string, gatewayToken: string, makeDefault: boolean): Promise<PaymentMethodView> {
    return this.#methods.add(tenant, actor, gatewayToken, makeDefault);
  }

  setDefaultMethod(tenant: string, actor: string, id: string): Promise<PaymentMethodView> {
    return this.#methods.setDefault(tenant, actor, id);
  }

  /**
   * Detaches the method at the gateway and forgets it. Autopay's method is removed only with
   * `confirm` (autopay is then turned off); otherwise 409.
   */
  async removeMethod(tenant: string, actor: string, id: string, confirm = false): Promise<void> {
    const { autopayOff } = await this.#methods.remove(tenant, actor, id, confirm);
    if (autopayOff) {
      await this.audit(tenant, actor, 'autopay.disabled', tenant, { reason: 'method removed' });
      await this.bus.publish(tenant, BILLING_TOPIC, { op: 'upsert', data: autopayResource(tenant, await this.getAutopay(tenant)) });
    }
  }

  // Payments -------------------------------------------------------------------

  listPayments(tenant: string): Promise<PaymentView[]> {
    return this.#payments.list(tenant);
  }

  /** One payment, with the 3-D Secure hand-off while it waits for the customer's bank. */
  getPayment(tenant: string, id: string): Promise<{ payment: PaymentView; nextAction: PaymentNextAction | null }> {
    return this.#payments.get(tenant, id);
  }

  /**
   * Pays invoices in full with a saved method, at most once per Idempotency-Key, never
   * twice per invoice: the payment row is the idempotency record and holds the invoices'
   * claims until it is settled (recorded or failed), across processes and crashes.
   */
  pay(
    tenant: string,
    actor: string,
    key: string,
    input: PayInput,
    trigger: 'customer' | 'autopay' = 'customer',
  ): Promise<PaymentOutcome & { replayed: boolean }> {
    return this.#payments.pay(tenant, actor, key, input, trigger);
  }

  /** Settles payments a crash or a failing billing system left unsettled (the `payment-reconcile` job). */
  async reconcile(): Promise<{ settled: number; pending: number }> {
    const payments = await this.#reconciliation.reconcile();
    const refunds = await this.#refundRecords.retry();
    return { settled: payments.settled + refunds.recorded, pending: payments.pending + refunds.pending };
  }

  /** Tells the billing system of a refund the gateway made (`refunds.ts`); the reconciliation job retries it until it has it. */
  recordRefund(row: RefundTable): Promise<boolean> {
    return this.#refundRecords.record(row);
  }

  /** Verifies a webhook's raw body with the gateway (400 invalid_signature otherwise), then acts on it. */
  handleWebhook(rawBody: string, signature: string | undefined): Promise<{ duplicate: boolean; paymentId?: string }> {
    return this.#reconciliation.handleWebhook(rawBody, signature);
  }

  /** A verified gateway event: stored by id first (a repeat is ignored), then its payment is moved on. */
  handleGatewayEvent(event: GatewayEvent): Promise<{ duplicate: boolean; paymentId?: string }> {
    return this.#reconciliation.handleGatewayEvent(event);
  }

  // Autopay --------------------------------------------------------------------

  getAutopay(tenant: string): Promise<AutopayView> {
    return this.#autopay.get(tenant);
  }

  setAutopay(tenant: string, actor: string, input: { enabled: boolean; paymentMethodId?: string | null }): Promise<AutopayView> {
    return this.#autopay.set(tenant, actor, input);
  }

  /** Charges every tenant's due invoices with its autopay method (the `autopay` job). */
  runAutopay(): Promise<{ attempted: number }> {
    return this.#autopay.run();
  }

  // Audit ----------------------------------------------------------------------

  /** Appends to the audit log (AuditService); kept here for the callers that hold billing. */
  async audit(tenant: string, actor: string, action: string, subject: string, detail: Record<string, unknown>): Promise<void> {
    await this.auditLogService.append(tenant, actor, action, subject, detail);
  }

  async auditLog(tenant: string) {
    return this.auditLogService.list(tenant);
  }
}
