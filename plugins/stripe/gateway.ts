import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { notFound, ProviderError } from '@glasspane/host';
import type {
  ChargeOutcome,
  ChargeRequest,
  GatewayCustomer,
  GatewayEvent,
  HostedMethodKind,
  HostedPaymentGateway,
  HostedSetup,
  RefundOutcome,
  RefundRequest,
  SavedMethod,
  SetupOutcome,
} from '@glasspane/host';
import { PLUGIN_ID, StripeClient, type StripeClientOptions } from './client.js';
import {
  customer,
  event,
  isSupportedKind,
  paymentIntent,
  paymentMethod,
  read,
  refund,
  setupIntent,
  toChargeOutcome,
  toGatewayEvent,
  toRefundOutcome,
  toSavedMethod,
} from './mapper.js';
import { verifyStripeWebhook } from './webhook.js';

/** The metadata key that ties a Stripe customer to a Glasspane tenant. */
export const TENANT_KEY = 'glasspane_tenant';

export interface StripeGatewayOptions extends StripeClientOptions {
  publishableKey: string;
  /** `whsec_…`; several while rotating. */
  webhookSecret: string | string[];
  /** Stripe.js, `https://js.stripe.com/v3/`. */
  jsUrl: string;
  /** The clock webhook signatures are checked against. */
  now?: () => number;
}

/** Stripe as a HostedPaymentGateway: SetupIntents for saving, PaymentIntents for charging. */
export class StripeHostedGateway implements HostedPaymentGateway {
  readonly id = PLUGIN_ID;
  readonly client: StripeClient;

  constructor(private readonly o: StripeGatewayOptions) {
    this.client = new StripeClient(o);
  }

  async ensureCustomer(
    tenant: string,
    who: { name: string; email?: string; knownId?: string | null },
    signal?: AbortSignal,
  ): Promise<GatewayCustomer> {
    if (who.knownId) {
      const c = read(customer, await this.client.get(`/v1/customers/${enc(who.knownId)}`, {}, signal), 'customer');
      if (!c.deleted && c.metadata?.[TENANT_KEY] === tenant) return { id: c.id };
    }
    const found = await this.client.search<unknown>('/v1/customers/search', `metadata['${TENANT_KEY}']:'${quote(tenant)}'`, signal);
    const live = found.map((x) => read(customer, x, 'customer')).find((c) => !c.deleted);
    if (live) return { id: live.id };
    // Same tenant and details within 24 h: one customer even if two requests race past the search.
    const key = `glasspane-customer-${digest(tenant, who.name, who.email ?? '')}`;
    const r = await this.client.post(
      '/v1/customers',
      { name: who.name, email: who.email, metadata: { [TENANT_KEY]: tenant } },
      key,
      signal,
    );
    return { id: read(customer, this.#ok(r), 'customer').id };
  }

  async createSetup(
    customerId: string,
    options: { methodTypes: HostedMethodKind[]; idempotencyKey?: string },
    signal?: AbortSignal,
  ): Promise<HostedSetup> {
    const r = await this.client.post(
      '/v1/setup_intents',
      { customer: customerId, usage: 'off_session', payment_method_types: options.methodTypes },
      options.idempotencyKey ?? randomUUID(),
      signal,
    );
    const si = read(setupIntent, this.#ok(r), 'SetupIntent');
    if (!si.client_secret)
      throw new ProviderError(PLUGIN_ID, 'Stripe created a SetupIntent without a client_secret.', { code: 'provider_bad_response' });
    return {
      id: si.id,
      gateway: PLUGIN_ID,
      clientSecret: si.client_secret,
      publishableKey: this.o.publishableKey,
      scriptUrl: this.o.jsUrl,
    };
  }

  async confirmSetup(customerId: string, setupId: string, signal?: AbortSignal): Promise<SetupOutcome> {
    const si = read(
      setupIntent,
      await this.client.get(`/v1/setup_intents/${enc(setupId)}`, { expand: ['payment_method'] }, signal),
      'SetupIntent',
    );
    if (si.customer !== customerId) throw notFound('payment setup', setupId);
    if (si.status === 'succeeded') {
      const pm = read(paymentMethod, si.payment_method, 'PaymentMethod');
      return { status: 'saved', method: toSavedMethod(pm) };
    }
    const err = si.last_setup_error;
    if (si.status === 'canceled') return { status: 'failed', code: 'canceled', message: 'The setup was canceled.' };
    if (si.status === 'requires_payment_method' && err) {
      return {
        status: 'failed',
        code: err.code ?? 'setup_failed',
        ...(err.decline_code ? { declineCode: err.decline_code } : {}),
        message: err.message ?? 'The payment method could not be set up.',
      };
    }
    const code = si.status === 'requires_action' || si.status === 'processing' ? si.status : 'requires_payment_method';
    const message = {
      requires_action: 'The customer still has to authenticate with their bank.',
      processing: 'The bank is still verifying the payment method.',
      requires_payment_method: 'The customer has not submitted a payment method yet.',
    }[code];
    return { status: 'pending', code, message };
  }

  async listMethods(customerId: string, signal?: AbortSignal): Promise<SavedMethod[]> {
    const out: SavedMethod[] = [];
    for await (const raw of this.client.list<{ id: string }>(`/v1/customers/${enc(customerId)}/payment_methods`, {}, signal)) {
      const pm = read(paymentMethod, raw, 'PaymentMethod');
      if (isSupportedKind(pm.type)) out.push(toSavedMethod(pm));
    }
    return out;
  }

  async detachMethod(customerId: string, methodId: string, signal?: AbortSignal): Promise<void> {
    const pm = read(paymentMethod, await this.client.get(`/v1/payment_methods/${enc(methodId)}`, {}, signal), 'PaymentMethod');
    if (pm.customer !== customerId) throw notFound('payment method', methodId);
    this.#ok(await this.client.post(`/v1/payment_methods/${enc(methodId)}/detach`, {}, `glasspane-detach-${methodId}`, signal));
  }

  async charge(req: ChargeRequest, signal?: AbortSignal): Promise<ChargeOutcome> {
    if (!Number.isSafeInteger(req.amount) || req.amount <= 0)
      throw new RangeError(`A charge needs a positive whole amount in the currency's smallest unit; got ${req.amount}.`);
    const r = await this.client.post(
      '/v1/payment_intents',
      {
        amount: req.amount,
        currency: req.currency.toLowerCase(),
        customer: req.customerId,
        payment_method: req.methodId,
        confirm: true,
        off_session: req.offSession ? true : undefined,
        // Server-side confirmation without a return_url: only methods that need no redirect.
        automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
        description: req.description,
        metadata: req.metadata,
      },
      req.idempotencyKey,
      signal,
    );
    if (r.ok) return toChargeOutcome(read(paymentIntent, r.value, 'PaymentIntent'));
    const e = r.cardError;
    if (e.payment_intent)
      return toChargeOutcome(
        read(paymentIntent, { ...e.payment_intent, last_payment_error: e.payment_intent.last_payment_error ?? e }, 'PaymentIntent'),
      );
    return {
      status: 'declined',
      id: '',
      amount: req.amount,
      currency: req.currency.toLowerCase(),
      code: e.code ?? 'card_declined',
      declineCode: e.decline_code,
      message: e.message ?? 'The card was declined.',
      metadata: req.metadata,
    };
  }

  get browser() {
    return { publishableKey: this.o.publishableKey, scriptUrl: this.o.jsUrl };
  }

  /**
   * Cancels a PaymentIntent left in `requires_action` (an abandoned 3-D Secure challenge) or
   * `requires_payment_method` (a failed one), reason `abandoned`. Stripe refuses to cancel a
   * succeeded or processing one (400 `payment_intent_unexpected_state`): then it is read again.
   */
  async cancelCharge(id: string, idempotencyKey: string, signal?: AbortSignal): Promise<ChargeOutcome> {
    try {
      const r = await this.client.post(
        `/v1/payment_intents/${enc(id)}/cancel`,
        { cancellation_reason: 'abandoned' },
        idempotencyKey,
        signal,
      );
      return toChargeOutcome(read(paymentIntent, this.#ok(r), 'PaymentIntent'));
    } catch (err) {
      if (!(err instanceof ProviderError) || err.errors[0]?.code === 'provider_not_found') throw err;
      const now = await this.findCharge({ id }, signal);
      if (now && now.status !== 'requires_action') return now;
      throw err;
    }
  }

  async findCharge(by: { id: string } | { metadata: Record<string, string> }, signal?: AbortSignal): Promise<ChargeOutcome | null> {
    if ('id' in by) {
      try {
        return toChargeOutcome(
          read(paymentIntent, await this.client.get(`/v1/payment_intents/${enc(by.id)}`, {}, signal), 'PaymentIntent'),
        );
      } catch (err) {
        if (err instanceof ProviderError && err.errors[0]?.code === 'provider_not_found') return null;
        throw err;
      }
    }
    const pairs = Object.entries(by.metadata);
    if (pairs.length === 0) throw new RangeError('findCharge by metadata needs at least one key.');
    const query = pairs.map(([k, v]) => `metadata['${quote(k)}']:'${quote(v)}'`).join(' AND ');
    const hits = (await this.client.search<unknown>('/v1/payment_intents/search', query, signal)).map((x) =>
      toChargeOutcome(read(paymentIntent, x, 'PaymentIntent')),
    );
    // Newest first; a payment that went through beats an earlier declined attempt.
    return hits.find((h) => h.status === 'succeeded' || h.status === 'processing') ?? hits[0] ?? null;
  }

  async refund(req: RefundRequest, signal?: AbortSignal): Promise<RefundOutcome> {
    const r = await this.client.post(
      '/v1/refunds',
      { payment_intent: req.paymentId, amount: req.amount, reason: req.reason, metadata: req.metadata },
      req.idempotencyKey,
      signal,
    );
    return toRefundOutcome(read(refund, this.#ok(r), 'Refund'));
  }

  parseWebhook(rawBody: string | Uint8Array, signatureHeader: string | null | undefined): GatewayEvent {
    const body = verifyStripeWebhook(rawBody, signatureHeader, this.o.webhookSecret, { now: this.o.now });
    return toGatewayEvent(read(event, body, 'event'));
  }

  #ok<T>(r: { ok: true; value: T } | { ok: false; cardError: { message?: string; code?: string } }): T {
    if (r.ok) return r.value;
    throw new ProviderError(
      PLUGIN_ID,
      `Stripe answered a card error where none was expected: ${r.cardError.message ?? r.cardError.code}.`,
      { code: 'provider_rejected', upstreamStatus: 402 },
    );
  }
}

const enc = encodeURIComponent;
/** Escapes a value for a search query string literal. */
const quote = (s: string) => s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);

/** The plugin's configuration, from STRIPE_* variables. */
export const stripeConfig = z
  .object({
    secretKey: z
      .string({ error: 'STRIPE_SECRET_KEY is required' })
      .regex(/^(sk|rk)_/, 'STRIPE_SECRET_KEY must be a secret (sk_…) or restricted (rk_…) key'),
    publishableKey: z
      .string({ error: 'STRIPE_PUBLISHABLE_KEY is required' })
      .regex(/^pk_/, 'STRIPE_PUBLISHABLE_KEY must be a publishable key (pk_…)'),
    webhookSecret: z
      .string({ error: 'STRIPE_WEBHOOK_SECRET is required' })
      .regex(/^whsec_/, 'STRIPE_WEBHOOK_SECRET must be an endpoint signing secret (whsec_…)'),
    apiBase: z.url().default('https://api.stripe.com'),
    jsUrl: z.url().default('https://js.stripe.com/v3/'),
    timeoutMs: z.number().int().min(1_000).max(120_000).default(30_000),
  })
  .refine((c) => /^(sk|rk)_test_/.test(c.secretKey) === c.publishableKey.startsWith('pk_test_'), {
    message: 'STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY must both be test keys or both live keys',
    path: ['publishableKey'],
  });
export type StripeConfig = z.infer<typeof stripeConfig>;
