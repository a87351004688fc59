import type { InjectionToken } from 'tsyringe';

/** The payment method kinds a hosted gateway can save. */
export type HostedMethodKind = 'card' | 'us_bank_account' | 'sepa_debit';

/** The gateway's customer for one tenant. The host stores `id` with the tenant. */
export interface GatewayCustomer {
  id: string;
}

/** What the browser needs to show the gateway's own fields (`POST /api/v1/payment-setups`). */
export interface HostedSetup {
  /** The gateway's id for the setup (Stripe: the SetupIntent, `seti_…`). */
  id: string;
  gateway: string;
  /** Handed to the gateway's script in the browser only; never logged or stored. */
  clientSecret: string;
  publishableKey: string;
  /** The gateway's script (Stripe.js), loaded from the gateway itself for SAQ A. */
  scriptUrl: string;
}

/** A saved method as the host keeps it: the gateway's id and display facts, never a number. */
export interface SavedMethod {
  /** The gateway's id (Stripe: `pm_…`); what the host charges later. */
  gatewayId: string;
  kind: HostedMethodKind;
  /** Card brand (`visa`), or the bank's name for a US bank account, `sepa` for SEPA. */
  brand: string;
  last4: string;
  expMonth: number | null;
  expYear: number | null;
  /** Two-letter country, where the gateway knows it (SEPA: from the IBAN). */
  country: string | null;
}

/** How a setup ended. A declined or abandoned setup never yields a method. */
export type SetupOutcome =
  | { status: 'saved'; method: SavedMethod }
  /** The customer's bank refused (`card_declined` with `declineCode`) or authentication failed. */
  | { status: 'failed'; code: string; declineCode?: string; message: string }
  /** Not finished yet: the browser has not confirmed, or a 3-D Secure/bank step is open. */
  | { status: 'pending'; code: 'requires_payment_method' | 'requires_action' | 'processing'; message: string };

export interface ChargeRequest {
  customerId: string;
  /** A SavedMethod's `gatewayId`. */
  methodId: string;
  /**
   * In the currency's smallest unit, as the gateway counts it: cents for USD/EUR, whole yen
   * for JPY and the other zero-decimal currencies.
   */
  amount: number;
  /** ISO 4217, any case. */
  currency: string;
  /**
   * Unique per payment attempt and stored by the host BEFORE the call: sending the same
   * request with the same key again (after a timeout or a crash) never charges twice, within
   * the gateway's key lifetime (Stripe: 24 h).
   */
  idempotencyKey: string;
  /** True for autopay (the customer is not there to authenticate). */
  offSession: boolean;
  /** Kept on the charge; `findCharge` can search by it. Stripe: ≤ 50 keys, values ≤ 500 chars. */
  metadata: Record<string, string>;
  description?: string;
}

/**
 * A charge attempt's outcome. Declines are outcomes, not errors; errors (the gateway failing,
 * refusing the key, rate-limiting) are thrown as ProviderError.
 */
export interface ChargeOutcome {
  /**
   * `succeeded`: money taken. `processing`: a bank debit on its way (days; the webhook says
   * how it ended). `requires_action`: the customer must authenticate (3-D Secure) in the
   * browser with `clientSecret`; off-session this is `code: 'authentication_required'`.
   * `declined`: the bank said no (`code`, `declineCode`, `message` for the customer).
   */
  status: 'succeeded' | 'processing' | 'requires_action' | 'declined';
  /** The gateway's payment id (Stripe: the PaymentIntent, `pi_…`). */
  id: string;
  amount: number;
  currency: string;
  clientSecret?: string;
  code?: string;
  declineCode?: string;
  message?: string;
  metadata: Record<string, string>;
}

export interface RefundRequest {
  /** A ChargeOutcome's `id`. */
  paymentId: string;
  /** Smallest unit; omitted: whatever is left to refund. */
  amount?: number;
  idempotencyKey: string;
  reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer';
  metadata?: Record<string, string>;
}

export interface RefundOutcome {
  id: string;
  /** Cards refund at once; bank debits stay `pending` for days. */
  status: 'succeeded' | 'pending' | 'failed' | 'canceled' | 'requires_action';
  amount: number;
  currency: string;
}

/** A verified gateway event, reduced to what the host acts on. */
export interface GatewayEvent {
  /** Unique per event: store it, events repeat. */
  id: string;
  /** The gateway's type, e.g. `payment_intent.succeeded`, `payment_intent.payment_failed`, `setup_intent.succeeded`. */
  type: string;
  /** Seconds since the epoch. Events arrive out of order: compare, or re-read the payment. */
  created: number;
  paymentId?: string;
  /** Refund events (`refund.failed`, `charge.refund.updated`): the refund's id (`re_…`); `status` is its status. */
  refundId?: string;
  setupId?: string;
  methodId?: string;
  customerId?: string;
  /** The object's status in the event (`succeeded`, `processing`, `requires_payment_method`, …). */
  status?: string;
  amount?: number;
  currency?: string;
  metadata?: Record<string, string>;
  /** Why it failed (`insufficient_funds`, `card_declined`, …). */
  failureCode?: string;
  failureMessage?: string;
}

/**
 * A payment gateway whose own fields, served from the gateway's domain, collect card and bank
 * numbers (PCI DSS SAQ A): the host and the partner's page only ever see the gateway's ids,
 * a brand, the last four digits and an expiry. Implemented by `stripe`.
 *
 * @example
 * ```ts
 * const gw = container.resolve(HostedPaymentGatewayToken);
 * const customer = await gw.ensureCustomer('acme', { name: 'ACME', email: 'billing@acme.test' });
 * const setup = await gw.createSetup(customer.id, { methodTypes: ['card'] }); // → the browser
 * const outcome = await gw.confirmSetup(customer.id, setup.id);              // after it confirmed
 * if (outcome.status === 'saved') {
 *   await gw.charge({ customerId: customer.id, methodId: outcome.method.gatewayId, amount: 1999,
 *     currency: 'usd', idempotencyKey: attempt.key, offSession: true, metadata: { payment: attempt.id } });
 * }
 * ```
 */
export interface HostedPaymentGateway {
  /** `stripe` */
  readonly id: string;

  /**
   * The tenant's customer at the gateway: the one named by `knownId` (checked to belong to
   * the tenant), else one found by the tenant in its metadata, else a new one. Search lags
   * writes, so the host must store the returned id and pass it as `knownId` afterwards.
   */
  ensureCustomer(
    tenant: string,
    who: { name: string; email?: string; knownId?: string | null },
    signal?: AbortSignal,
  ): Promise<GatewayCustomer>;

  /** Starts saving a method in the gateway's fields (usable off-session later). */
  createSetup(
    customerId: string,
    options: { methodTypes: HostedMethodKind[]; idempotencyKey?: string },
    signal?: AbortSignal,
  ): Promise<HostedSetup>;

  /**
   * Reads how a setup ended after the browser confirmed it. The setup must belong to
   * `customerId` (another customer's setup is answered as not found). Only a succeeded setup
   * returns a method; a declined card or failed authentication is `failed`.
   */
  confirmSetup(customerId: string, setupId: string, signal?: AbortSignal): Promise<SetupOutcome>;

  /** The customer's saved methods at the gateway, every page. */
  listMethods(customerId: string, signal?: AbortSignal): Promise<SavedMethod[]>;

  /** Removes a saved method from the customer; it can no longer be charged. Checks ownership. */
  detachMethod(customerId: string, methodId: string, signal?: AbortSignal): Promise<void>;

  /** Charges a saved method once per `idempotencyKey`. */
  charge(request: ChargeRequest, signal?: AbortSignal): Promise<ChargeOutcome>;

  /**
   * Recovers a charge whose answer was lost (a crash between the call and storing the id):
   * by the payment id when the host has it, else by metadata (every pair must match). Search
   * is eventually consistent (Stripe: usually under a minute, up to an hour in incidents), so
   * `null` right after a write does not prove there was no charge: within 24 h the exact
   * recovery is `charge` again with the same idempotency key and parameters.
   */
  findCharge(by: { id: string } | { metadata: Record<string, string> }, signal?: AbortSignal): Promise<ChargeOutcome | null>;

  /**
   * Cancels a payment that was not completed (a 3-D Secure challenge the customer abandoned
   * or failed), so its client secret can no longer complete it. Answers the payment as it
   * is afterwards: `declined` with `code: 'canceled'` when cancelled, or `succeeded` /
   * `processing` when it completed meanwhile (then it is not cancelled and must be kept).
   * Optional: a gateway without it leaves abandoned challenges to expire on its own.
   */
  cancelCharge?(id: string, idempotencyKey: string, signal?: AbortSignal): Promise<ChargeOutcome>;

  /**
   * What the browser needs to load the gateway's script for a payment's next action (3-D
   * Secure) when no setup was started: the publishable key and the script's URL.
   */
  readonly browser?: { publishableKey: string; scriptUrl: string };

  /** Refunds a succeeded payment, fully or partly, once per `idempotencyKey`. */
  refund(request: RefundRequest, signal?: AbortSignal): Promise<RefundOutcome>;

  /**
   * Verifies a webhook against the raw body (signature and its age) and reduces it to a
   * GatewayEvent. Throws an ApiError with status 400 and code `invalid_signature` when the
   * signature does not verify; the route answers that to the sender.
   */
  parseWebhook(rawBody: string | Uint8Array, signatureHeader: string | null | undefined): GatewayEvent;
}

export const HostedPaymentGatewayToken: InjectionToken<HostedPaymentGateway> = Symbol.for('glasspane.HostedPaymentGateway');
