/**
 * The state and rules of the Stripe fake: customers, SetupIntents, PaymentMethods,
 * PaymentIntents with their Charges, Refunds and Events, behaving as Stripe's API reference
 * and testing guide describe (test payment methods such as `pm_card_visa`, minimum amounts,
 * zero-decimal currencies, the intents' status machines). `fake.ts` puts HTTP in front.
 */
import { randomBytes } from 'node:crypto';
import type { Decoded } from './form.js';

export type Obj = Record<string, unknown>;

/** An API error as Stripe answers it; `executed` errors are kept under the idempotency key. */
export class StripeFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: Obj,
    readonly executed = false,
  ) {
    super(String(error.message));
  }
}

export const invalid = (message: string, param?: string, code?: string) =>
  new StripeFailure(400, { type: 'invalid_request_error', message, ...(param ? { param } : {}), ...(code ? { code } : {}) });
export const missing = (what: string, id: string, param = 'id') =>
  new StripeFailure(404, { type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${what}: '${id}'` });

/** Stripe's zero-decimal currencies: amounts are whole units (¥500 is `500`). */
export const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);
/** Minimum charge amounts in the currency's smallest unit (Stripe: "Minimum and maximum charge amounts"). */
export const MINIMUM: Record<string, number> = {
  usd: 50,
  eur: 50,
  gbp: 30,
  cad: 50,
  aud: 50,
  chf: 50,
  nzd: 50,
  sgd: 50,
  hkd: 400,
  jpy: 50,
  sek: 300,
  nok: 300,
  dkk: 250,
  pln: 200,
  mxn: 1000,
  brl: 50,
  czk: 1500,
  huf: 17500,
};

type Outcome = { decline?: { code: string; decline_code: string; message: string }; auth?: boolean; settle?: 'succeeded' | 'failed' };
interface TestMethod {
  type: 'card' | 'us_bank_account' | 'sepa_debit';
  details: Obj;
  outcome: Outcome;
  /** Declines only charges, not the setup (Stripe's "attach succeeds, charges fail" card). */
  chargeOnly?: boolean;
}

const declined = (decline_code: string, message = 'Your card was declined.', code = 'card_declined') => ({ code, decline_code, message });
const card = (brand: string, last4: string, outcome: Outcome = {}, chargeOnly = false): TestMethod => ({
  type: 'card',
  details: { brand, last4, exp_month: 12, exp_year: 2034, funding: 'credit', country: 'US', display_brand: brand },
  outcome,
  chargeOnly,
});

/** Stripe's test PaymentMethods (docs.stripe.com/testing). */
export const TEST_METHODS: Record<string, TestMethod> = {
  pm_card_visa: card('visa', '4242'),
  pm_card_mastercard: card('mastercard', '4444'),
  pm_card_chargeDeclined: card('visa', '0002', { decline: declined('generic_decline') }),
  pm_card_chargeDeclinedInsufficientFunds: card('visa', '9995', {
    decline: declined('insufficient_funds', 'Your card has insufficient funds.'),
  }),
  pm_card_chargeDeclinedExpiredCard: card('visa', '0069', { decline: declined('expired_card', 'Your card has expired.', 'expired_card') }),
  pm_card_chargeCustomerFail: card('visa', '0341', { decline: declined('generic_decline') }, true),
  pm_card_authenticationRequired: card('visa', '3184', { auth: true }),
};

/** What the browser typed into Stripe's bank fields (test numbers from Stripe's testing guide). */
export function bankMethod(type: 'us_bank_account' | 'sepa_debit', account?: string): TestMethod {
  if (type === 'us_bank_account') {
    const number = account ?? '000123456789';
    return {
      type,
      details: {
        bank_name: 'STRIPE TEST BANK',
        last4: number.slice(-4),
        routing_number: '110000000',
        account_type: 'checking',
        account_holder_type: 'individual',
      },
      outcome: { settle: number === '000111111116' ? 'failed' : 'succeeded' },
    };
  }
  const iban = account ?? 'DE89370400440532013000';
  return {
    type,
    details: { last4: iban.slice(-4), country: iban.slice(0, 2), bank_code: iban.slice(4, 12) },
    outcome: { settle: iban === 'DE62370400440532013001' ? 'failed' : 'succeeded' },
  };
}

export interface WorldOptions {
  now: () => number;
  /** How long a new object stays invisible to `/search` (Stripe: "usually under a minute"). */
  searchLagMs: number;
  apiVersion: string;
  onEvent: (event: Obj) => void;
}

export class StripeWorld {
  readonly customers = new Map<string, Obj>();
  readonly paymentMethods = new Map<string, Obj>();
  readonly setupIntents = new Map<string, Obj>();
  readonly paymentIntents = new Map<string, Obj>();
  readonly charges = new Map<string, Obj>();
  readonly refunds = new Map<string, Obj>();
  readonly events: Obj[] = [];
  readonly #behaviour = new Map<string, TestMethod>();
  readonly #indexedAt = new Map<string, number>();
  /** Detached methods: Stripe refuses to use one again. */
  readonly #detached = new Set<string>();

  constructor(private readonly o: WorldOptions) {}

  id(prefix: string): string {
    return `${prefix}_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x').slice(0, 24)}`;
  }
  #created = () => Math.floor(this.o.now() / 1000);
  #put(map: Map<string, Obj>, obj: Obj): Obj {
    map.set(obj.id as string, obj);
    this.#indexedAt.set(obj.id as string, this.o.now() + this.o.searchLagMs);
    return obj;
  }
  searchable = (id: string) => (this.#indexedAt.get(id) ?? Infinity) <= this.o.now();

  emit(type: string, object: Obj, request: { id: string; idempotency_key: string | null } | null = null): void {
    const event = {
      id: this.id('evt'),
      object: 'event',
      api_version: this.o.apiVersion,
      created: this.#created(),
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 1,
      request,
      type,
    };
    this.events.push(event);
    this.o.onEvent(event);
  }

  createCustomer(p: Record<string, Decoded>): Obj {
    const c = this.#put(this.customers, {
      id: this.id('cus'),
      object: 'customer',
      created: this.#created(),
      email: str(p.email),
      name: str(p.name),
      description: str(p.description),
      metadata: meta(p.metadata),
      invoice_settings: { default_payment_method: null },
      livemode: false,
    });
    this.emit('customer.created', c);
    return c;
  }

  updateCustomer(id: string, p: Record<string, Decoded>): Obj {
    const c = this.get(this.customers, 'customer', id);
    if (p.name !== undefined) c.name = str(p.name);
    if (p.email !== undefined) c.email = str(p.email);
    if (p.metadata !== undefined) c.metadata = { ...(c.metadata as Obj), ...meta(p.metadata) };
    this.emit('customer.updated', c);
    return c;
  }

  get(map: Map<string, Obj>, what: string, id: string): Obj {
    const found = map.get(id);
    if (!found) throw missing(what, id);
    return found;
  }

  createSetupIntent(p: Record<string, Decoded>): Obj {
    const customer = str(p.customer);
    if (customer) this.get(this.customers, 'customer', customer);
    const automatic = p.automatic_payment_methods as Obj | undefined;
    const types = Array.isArray(p.payment_method_types)
      ? (p.payment_method_types as string[])
      : automatic?.enabled === 'true'
        ? ['card', 'us_bank_account', 'sepa_debit']
        : ['card'];
    for (const t of types)
      if (!['card', 'us_bank_account', 'sepa_debit'].includes(t))
        throw invalid(`The payment method type "${t}" is invalid.`, 'payment_method_types');
    const usage = str(p.usage) ?? 'off_session';
    if (!['on_session', 'off_session'].includes(usage)) throw invalid(`Invalid usage: must be one of on_session, off_session`, 'usage');
    const id = this.id('seti');
    const si = this.#put(this.setupIntents, {
      id,
      object: 'setup_intent',
      client_secret: `${id}_secret_${randomBytes(12).toString('hex')}`,
      created: this.#created(),
      customer,
      usage,
      payment_method_types: types,
      automatic_payment_methods: automatic ? { enabled: automatic.enabled === 'true' } : null,
      status: 'requires_payment_method',
      payment_method: null,
      last_setup_error: null,
      next_action: null,
      mandate: null,
      metadata: meta(p.metadata),
      livemode: false,
    });
    this.emit('setup_intent.created', si);
    return si;
  }

  /** What Stripe.js does when the customer submits the Payment Element: confirm with what they typed. */
  confirmSetupInBrowser(id: string, input: { client_secret: string; method: string; account?: string; mandate?: boolean }): Obj {
    const si = this.get(this.setupIntents, 'setup_intent', id);
    if (input.client_secret !== si.client_secret)
      throw invalid('The client_secret provided does not match any associated SetupIntent on this account.', 'client_secret');
    if (si.status !== 'requires_payment_method')
      throw invalid(
        `You cannot confirm this SetupIntent because it has a status of ${si.status}.`,
        undefined,
        'setup_intent_unexpected_state',
      );
    const test =
      input.method === 'us_bank_account' || input.method === 'sepa_debit'
        ? bankMethod(input.method, input.account)
        : TEST_METHODS[input.method];
    if (!test) throw invalid(`No such PaymentMethod: '${input.method}'`, 'payment_method', 'resource_missing');
    if (!(si.payment_method_types as string[]).includes(test.type))
      throw invalid(`The PaymentMethod provided (${test.type}) is not allowed for this SetupIntent.`, 'payment_method');
    if (test.type !== 'card' && !input.mandate)
      throw invalid('mandate_data is required to set up a ' + test.type + ' PaymentMethod.', 'mandate_data');
    const pm = this.#newMethod(test);
    if (test.outcome.decline && !test.chargeOnly) {
      si.last_setup_error = { type: 'card_error', ...test.outcome.decline, payment_method: structuredClone(pm) };
      this.emit('setup_intent.setup_failed', si);
      throw new StripeFailure(402, { type: 'card_error', ...test.outcome.decline, setup_intent: structuredClone(si) }, true);
    }
    si.payment_method = pm.id;
    si.last_setup_error = null;
    if (test.outcome.auth) {
      si.status = 'requires_action';
      si.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: {} };
      this.emit('setup_intent.requires_action', si);
      return si;
    }
    return this.#setupSucceeded(si, pm);
  }

  /** The customer passes (or fails) the bank's 3-D Secure challenge for a SetupIntent. */
  authenticateSetup(id: string, pass: boolean): Obj {
    const si = this.get(this.setupIntents, 'setup_intent', id);
    if (si.status !== 'requires_action') throw invalid(`SetupIntent ${id} does not require action (status ${si.status}).`);
    const pm = this.get(this.paymentMethods, 'payment_method', si.payment_method as string);
    si.next_action = null;
    if (pass) return this.#setupSucceeded(si, pm);
    si.status = 'requires_payment_method';
    si.payment_method = null;
    si.last_setup_error = {
      type: 'invalid_request_error',
      code: 'setup_intent_authentication_failure',
      message: 'The latest attempt to set up the payment method has failed because authentication failed.',
      payment_method: structuredClone(pm),
    };
    this.emit('setup_intent.setup_failed', si);
    return si;
  }

  #setupSucceeded(si: Obj, pm: Obj): Obj {
    if (si.customer) {
      pm.customer = si.customer;
      this.emit('payment_method.attached', pm);
    }
    if (pm.type !== 'card') si.mandate = this.id('mandate');
    si.status = 'succeeded';
    this.emit('setup_intent.succeeded', si);
    return si;
  }

  #newMethod(test: TestMethod): Obj {
    const pm = this.#put(this.paymentMethods, {
      id: this.id('pm'),
      object: 'payment_method',
      type: test.type,
      [test.type]: structuredClone(test.details),
      customer: null,
      billing_details: { name: null, email: null },
      created: this.#created(),
      metadata: {},
      livemode: false,
    });
    this.#behaviour.set(pm.id as string, test);
    return pm;
  }

  detach(id: string): Obj {
    const pm = this.get(this.paymentMethods, 'payment_method', id);
    if (!pm.customer)
      throw invalid(
        `The payment method you provided is not attached to a customer so detachment is impossible.`,
        undefined,
        'payment_method_unexpected_state',
      );
    pm.customer = null;
    this.#detached.add(id);
    this.emit('payment_method.detached', pm);
    return pm;
  }

  createPaymentIntent(p: Record<string, Decoded>, request: { id: string; idempotency_key: string | null }): Obj {
    const amount = Number(p.amount);
    const currency = str(p.currency);
    if (!Number.isInteger(amount) || String(p.amount) !== String(amount)) throw invalid('Invalid integer: ' + String(p.amount), 'amount');
    if (!currency || !/^[a-z]{3}$/.test(currency))
      throw invalid(
        `Invalid currency: ${String(p.currency)}. Stripe currently supports these currencies: usd, eur, gbp, jpy, …`,
        'currency',
      );
    const min = MINIMUM[currency] ?? 50;
    if (amount < min) {
      const shown = ZERO_DECIMAL.has(currency) ? `${min}` : (min / 100).toFixed(2);
      throw invalid(`Amount must be at least ${shown} ${currency}`, 'amount', 'amount_too_small');
    }
    if (amount > 99_999_999) throw invalid('Amount must be no more than 999,999.99', 'amount', 'amount_too_large');
    const customer = str(p.customer);
    if (customer) this.get(this.customers, 'customer', customer);
    const confirm = p.confirm === 'true';
    const offSession = p.off_session === 'true' || p.off_session === 'one_off' || p.off_session === 'recurring';
    if (offSession && !confirm) throw invalid('off_session can only be used when confirm is true.', 'off_session');
    let pmId = str(p.payment_method);
    const magic = pmId ? TEST_METHODS[pmId] : undefined;
    if (magic) pmId = this.#newMethod(magic).id as string;
    const pm = pmId ? this.get(this.paymentMethods, 'payment_method', pmId) : null;
    if (pm && this.#detached.has(pm.id as string)) {
      throw invalid(
        'The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.',
        'payment_method',
      );
    }
    if (pm?.customer && pm.customer !== customer) {
      throw invalid(
        customer
          ? 'The provided PaymentMethod belongs to a different Customer.'
          : 'The provided PaymentMethod was previously attached to a Customer; pass that customer too.',
        'payment_method',
      );
    }
    const id = this.id('pi');
    const pi = this.#put(this.paymentIntents, {
      id,
      object: 'payment_intent',
      amount,
      amount_received: 0,
      currency,
      customer,
      payment_method: pm?.id ?? null,
      payment_method_types: pm ? [pm.type] : ['card'],
      client_secret: `${id}_secret_${randomBytes(12).toString('hex')}`,
      confirmation_method: 'automatic',
      capture_method: 'automatic',
      created: this.#created(),
      description: str(p.description),
      latest_charge: null,
      last_payment_error: null,
      next_action: null,
      metadata: meta(p.metadata),
      status: pm ? 'requires_confirmation' : 'requires_payment_method',
      livemode: false,
    });
    this.emit('payment_intent.created', pi, request);
    if (!confirm) return pi;
    if (!pm)
      throw invalid(
        'You cannot confirm this PaymentIntent because it is missing a payment method.',
        'payment_method',
        'payment_intent_unexpected_state',
      );
    const test = this.#behaviour.get(pm.id as string) ?? TEST_METHODS.pm_card_visa!;
    if (test.outcome.auth && !offSession) {
      // 3-D Secure (docs.stripe.com/payments/3d-secure): no charge yet; with a return_url the
      // customer is redirected to the bank, without one Stripe.js shows the challenge.
      const returnUrl = str(p.return_url);
      const hosted = `https://hooks.stripe.com/3d_secure_2/hosted?merchant=acct_fake&payment_intent=${id}&payment_intent_client_secret=${pi.client_secret}&publishable_key=pk_test_fake&source=src_fake`;
      pi.status = 'requires_action';
      pi.next_action = returnUrl
        ? { type: 'redirect_to_url', redirect_to_url: { url: hosted, return_url: returnUrl } }
        : { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: hosted, source: this.id('src') } };
      this.emit('payment_intent.requires_action', pi, request);
      return pi;
    }
    const decline = test.outcome.auth
      ? {
          code: 'authentication_required',
          decline_code: 'authentication_required',
          message: 'Your card was declined. This transaction requires authentication.',
        }
      : test.outcome.decline;
    const charge = this.#charge(pi, pm, decline ? 'failed' : test.type === 'card' ? 'succeeded' : 'pending', decline);
    if (decline) {
      pi.status = 'requires_payment_method';
      pi.last_payment_error = { type: 'card_error', ...decline, charge: charge.id, payment_method: structuredClone(pm) };
      this.emit('charge.failed', charge, request);
      this.emit('payment_intent.payment_failed', pi, request);
      throw new StripeFailure(
        402,
        { type: 'card_error', ...decline, charge: charge.id, payment_intent: structuredClone(pi), payment_method: structuredClone(pm) },
        true,
      );
    }
    if (test.type === 'card') return this.#succeeded(pi, charge, request);
    pi.status = 'processing';
    this.emit('charge.pending', charge, request);
    this.emit('payment_intent.processing', pi, request);
    return pi;
  }

  #charge(
    pi: Obj,
    pm: Obj,
    status: 'succeeded' | 'pending' | 'failed',
    decline?: { code: string; decline_code: string; message: string },
  ): Obj {
    const ch = this.#put(this.charges, {
      id: this.id('ch'),
      object: 'charge',
      amount: pi.amount,
      amount_captured: status === 'succeeded' ? pi.amount : 0,
      amount_refunded: 0,
      currency: pi.currency,
      customer: pi.customer,
      payment_intent: pi.id,
      payment_method: pm.id,
      payment_method_details: { type: pm.type, [pm.type as string]: structuredClone(pm[pm.type as string]) },
      status,
      paid: status === 'succeeded',
      captured: status !== 'failed',
      refunded: false,
      failure_code: decline?.code ?? null,
      failure_message: decline?.message ?? null,
      outcome: {
        type: decline ? 'issuer_declined' : 'authorized',
        network_status: decline ? 'declined_by_network' : 'approved_by_network',
        reason: decline?.decline_code ?? null,
      },
      metadata: structuredClone(pi.metadata),
      created: this.#created(),
      livemode: false,
    });
    pi.latest_charge = ch.id;
    return ch;
  }

  #succeeded(pi: Obj, ch: Obj, request: { id: string; idempotency_key: string | null } | null = null): Obj {
    Object.assign(ch, { status: 'succeeded', paid: true, amount_captured: ch.amount });
    Object.assign(pi, { status: 'succeeded', amount_received: pi.amount, last_payment_error: null });
    this.emit('charge.succeeded', ch, request);
    this.emit('payment_intent.succeeded', pi, request);
    return pi;
  }

  /**
   * The customer passes (or fails) the bank's 3-D Secure challenge for a PaymentIntent, as
   * Stripe.js's `handleNextAction({clientSecret})` lets them: passed, the card is charged
   * (`payment_intent.succeeded`); failed, the PaymentIntent goes back to
   * `requires_payment_method` with `payment_intent_authentication_failure`
   * (`payment_intent.payment_failed`) and nothing is charged.
   */
  authenticatePayment(id: string, clientSecret: string, pass: boolean): Obj {
    const pi = this.get(this.paymentIntents, 'payment_intent', id);
    if (clientSecret !== pi.client_secret)
      throw invalid('The client_secret provided does not match any associated PaymentIntent on this account.', 'client_secret');
    if (pi.status !== 'requires_action')
      throw invalid(
        `You cannot authenticate this PaymentIntent because it has a status of ${pi.status}.`,
        undefined,
        'payment_intent_unexpected_state',
      );
    const pm = this.get(this.paymentMethods, 'payment_method', pi.payment_method as string);
    pi.next_action = null;
    if (pass) return this.#succeeded(pi, this.#charge(pi, pm, 'succeeded'));
    pi.status = 'requires_payment_method';
    pi.last_payment_error = {
      type: 'invalid_request_error',
      code: 'payment_intent_authentication_failure',
      message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
      payment_method: structuredClone(pm),
    };
    this.emit('payment_intent.payment_failed', pi);
    return pi;
  }

  /** `POST /v1/payment_intents/:id/cancel`: only before it completed (Stripe's documented statuses). */
  cancelPaymentIntent(id: string, p: Record<string, Decoded>, request: { id: string; idempotency_key: string | null }): Obj {
    const pi = this.get(this.paymentIntents, 'payment_intent', id);
    const cancellable = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
    if (!cancellable.includes(pi.status as string)) {
      throw invalid(
        `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${cancellable.join(', ')}.`,
        undefined,
        'payment_intent_unexpected_state',
      );
    }
    const reason = str(p.cancellation_reason);
    if (reason && !['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'].includes(reason))
      throw invalid(
        `Invalid cancellation_reason: must be one of duplicate, fraudulent, requested_by_customer, or abandoned`,
        'cancellation_reason',
      );
    Object.assign(pi, { status: 'canceled', next_action: null, cancellation_reason: reason, canceled_at: this.#created() });
    this.emit('payment_intent.canceled', pi, request);
    return pi;
  }

  /** A bank debit's outcome arrives (days later in live mode). */
  settle(id: string, outcome?: 'succeeded' | 'failed', failureCode = 'insufficient_funds'): Obj {
    const pi = this.get(this.paymentIntents, 'payment_intent', id);
    if (pi.status !== 'processing') throw invalid(`PaymentIntent ${id} is not processing (status ${pi.status}).`);
    const ch = this.get(this.charges, 'charge', pi.latest_charge as string);
    const result = outcome ?? this.#behaviour.get(pi.payment_method as string)?.outcome.settle ?? 'succeeded';
    if (result === 'succeeded') return this.#succeeded(pi, ch);
    const message = 'The customer’s bank account could not be debited.';
    Object.assign(ch, {
      status: 'failed',
      paid: false,
      captured: false,
      amount_captured: 0,
      failure_code: failureCode,
      failure_message: message,
    });
    Object.assign(pi, {
      status: 'requires_payment_method',
      last_payment_error: {
        type: 'card_error',
        code: failureCode,
        message,
        payment_method: structuredClone(this.paymentMethods.get(pi.payment_method as string)),
      },
    });
    this.emit('charge.failed', ch);
    this.emit('payment_intent.payment_failed', pi);
    return pi;
  }

  /**
   * A refund the bank returns days later (bank debits; cards whose account closed): the
   * refund becomes `failed` with a `failure_reason`, the charge gets the amount back, and
   * Stripe sends `charge.refund.updated` and `refund.failed`.
   */
  failRefund(id: string, reason = 'declined'): Obj {
    const refund = this.get(this.refunds, 'refund', id);
    if (refund.status !== 'pending' && refund.status !== 'succeeded') throw invalid(`Refund ${id} cannot fail (status ${refund.status}).`);
    const ch = this.get(this.charges, 'charge', refund.charge as string);
    Object.assign(refund, { status: 'failed', failure_reason: reason, failure_balance_transaction: this.id('txn') });
    ch.amount_refunded = (ch.amount_refunded as number) - (refund.amount as number);
    ch.refunded = false;
    this.emit('charge.refund.updated', refund);
    this.emit('refund.failed', refund);
    return refund;
  }

  createRefund(p: Record<string, Decoded>, request: { id: string; idempotency_key: string | null }): Obj {
    const piId = str(p.payment_intent);
    const chId = str(p.charge);
    if (!piId && !chId)
      throw invalid('One of the following params should be provided for this request: payment_intent or charge.', 'payment_intent');
    const pi = piId ? this.get(this.paymentIntents, 'payment_intent', piId) : null;
    const ch = this.get(this.charges, 'charge', chId ?? (pi?.latest_charge as string) ?? '');
    if (ch.status !== 'succeeded')
      throw invalid(`This charge cannot be refunded because it has a status of ${ch.status}.`, undefined, 'charge_not_refundable');
    const remaining = (ch.amount as number) - (ch.amount_refunded as number);
    if (remaining <= 0) throw invalid(`Charge ${ch.id} has already been refunded.`, undefined, 'charge_already_refunded');
    const amount = p.amount === undefined ? remaining : Number(p.amount);
    if (!Number.isInteger(amount) || amount <= 0) throw invalid('Invalid positive integer', 'amount');
    if (amount > remaining)
      throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, 'amount', 'amount_too_large');
    const method = ch.payment_method_details as Obj;
    const refund = this.#put(this.refunds, {
      id: this.id('re'),
      object: 'refund',
      amount,
      charge: ch.id,
      currency: ch.currency,
      payment_intent: ch.payment_intent,
      reason: str(p.reason),
      status: method.type === 'card' ? 'succeeded' : 'pending',
      metadata: meta(p.metadata),
      created: this.#created(),
    });
    ch.amount_refunded = (ch.amount_refunded as number) + amount;
    ch.refunded = ch.amount_refunded === ch.amount;
    this.emit('refund.created', refund, request);
    this.emit('charge.refunded', ch, request);
    return refund;
  }
}

export const str = (v: Decoded | undefined): string | null => (typeof v === 'string' && v !== '' ? v : null);
/** Metadata: at most 50 keys, keys ≤ 40 characters, values ≤ 500 (Stripe's documented limits). */
function meta(v: Decoded | undefined): Record<string, string> {
  if (v === undefined || v === '') return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw invalid('Invalid metadata: must be a hash', 'metadata');
  const entries = Object.entries(v);
  if (entries.length > 50) throw invalid('Invalid metadata: metadata can have up to 50 keys', 'metadata');
  for (const [k, val] of entries) {
    if (k.length > 40) throw invalid(`Invalid metadata: keys can be up to 40 characters long (${k})`, `metadata[${k}]`);
    if (typeof val !== 'string' || val.length > 500)
      throw invalid('Invalid metadata: values must be strings up to 500 characters', `metadata[${k}]`);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}
