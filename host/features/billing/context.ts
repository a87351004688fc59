import type { Db } from '../../db/database.js';
import type { EventBus } from '../../ports/event-bus.js';
import type { BillingProvider } from '../../ports/billing-provider.js';
import type { HostedMethodKind, HostedPaymentGateway } from '../../ports/hosted-payment-gateway.js';
import { InvalidInputError, UnavailableError } from '../../errors.js';
import type { PaymentState } from './views.js';
import { errorMessage, type ErrorMessage } from '../../error-messages.js';

/** The event-stream topic of invoices, payments, methods and autopay. */
export const BILLING_TOPIC = 'billing';

export interface BillingServiceOptions {
  /** How long a request or the reconciliation job holds a payment it works on (ms). Default 2 minutes. */
  leaseMs?: number;
  /** A bank debit (`processing` at the gateway) is looked at again after this long (ms), webhooks aside. Default 1 hour. */
  processingRecheckMs?: number;
  /** Gateways keep idempotency keys this long (Stripe: 24 h); a lost charge is re-sent under its key only within it. Default 23 hours. */
  gatewayKeyLifetimeMs?: number;
  /**
   * How long a customer has to pass their bank's 3-D Secure challenge; after it, reconciliation
   * cancels the PaymentIntent and frees the invoice (nothing charged). Default 30 minutes.
   */
  authenticationWindowMs?: number;
  /**
   * How long a recorded payment's claim holds its invoices while the billing system does not
   * show the payment (the invoice reads as before it: the billing system lags, or someone
   * undid the payment there by hand) and nothing of it was refunded; after this, such an
   * invoice can be paid again. Set it above the longest lag you expect. Default 24 hours.
   */
  settledClaimHoldMs?: number;
  /** Autopay tries an invoice set at most this many times, one day apart. Default 3. */
  autopayAttempts?: number;
  /**
   * What customers may save. Each must be enabled in the gateway's account (Stripe refuses a
   * SetupIntent naming a type the dashboard has not activated). Default card, us_bank_account, sepa_debit.
   */
  methodTypes?: HostedMethodKind[];
}

/**
 * What the billing modules share (`BillingService` builds it once): the database, the
 * gateway (absent when payments are off), the bus, the clock, the options, the tenant's
 * billing account and the audit log.
 */
export interface BillingContext {
  readonly db: Db;
  readonly gateway: HostedPaymentGateway | undefined;
  readonly bus: EventBus;
  readonly now: () => Date;
  readonly options: Required<BillingServiceOptions>;
  account(tenant: string): Promise<{ source: string; account: string; provider: BillingProvider }>;
  audit(tenant: string, actor: string, action: string, subject: string, detail: Record<string, unknown>): Promise<void>;
}

/** Invoice statuses a payment may settle. */
export const PAYABLE = new Set(['open', 'overdue']);
/** Payment states that still hold their invoices' claims. */
export const UNSETTLED: PaymentState[] = ['created', 'charging', 'requires_action', 'charged'];

/**
 * Refund statuses whose money has left (or is leaving) for good: they count towards a payment
 * being `refunded`, are recorded at the billing system, and end the payment's hold on its invoices.
 */
export const REFUND_LEAVING = ['succeeded', 'pending'];

/** The gateway, or 503 `no_payment_gateway` when none is configured. */
export function requireGateway(gateway: HostedPaymentGateway | undefined): HostedPaymentGateway {
  if (!gateway) throw new UnavailableError(errorMessage('no_payment_gateway'));
  return gateway;
}

/** 422 on a payment's input, pointing at the field. */
export function invalid(message: ErrorMessage, pointer: string): InvalidInputError {
  return new InvalidInputError(message, { pointer });
}
