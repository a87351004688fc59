/** Stripe objects (as the pinned API version answers them) to the HostedPaymentGateway's shapes. */
import { z } from 'zod';
import { ProviderError } from '@glasspane/host';
import type { ChargeOutcome, GatewayEvent, HostedMethodKind, RefundOutcome, SavedMethod } from '@glasspane/host';
import { PLUGIN_ID } from './client.js';

const metadata = z.record(z.string(), z.string()).default({});
const lastError = z
  .object({ type: z.string().optional(), code: z.string().nullish(), decline_code: z.string().nullish(), message: z.string().nullish() })
  .nullish();

export const paymentMethod = z.object({
  id: z.string(),
  type: z.string(),
  customer: z.string().nullish(),
  card: z
    .object({ brand: z.string(), last4: z.string(), exp_month: z.number(), exp_year: z.number(), country: z.string().nullish() })
    .nullish(),
  us_bank_account: z.object({ bank_name: z.string().nullish(), last4: z.string() }).nullish(),
  sepa_debit: z.object({ last4: z.string(), country: z.string().nullish() }).nullish(),
});
export type StripePaymentMethod = z.infer<typeof paymentMethod>;

export const customer = z.object({ id: z.string(), deleted: z.boolean().optional(), metadata: metadata.optional() });

export const setupIntent = z.object({
  id: z.string(),
  status: z.string(),
  customer: z.string().nullish(),
  client_secret: z.string().nullish(),
  payment_method: z.union([z.string(), paymentMethod]).nullish(),
  last_setup_error: lastError,
});

export const paymentIntent = z.object({
  id: z.string(),
  status: z.string(),
  amount: z.number(),
  currency: z.string(),
  customer: z.string().nullish(),
  client_secret: z.string().nullish(),
  metadata,
  last_payment_error: lastError,
});
export type StripePaymentIntent = z.infer<typeof paymentIntent>;

export const refund = z.object({ id: z.string(), status: z.string(), amount: z.number(), currency: z.string() });

export const event = z.object({
  id: z.string(),
  type: z.string(),
  created: z.number(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

/** Parses a Stripe answer; a shape the plugin cannot read is the provider's fault, said so. */
export function read<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ProviderError(
    PLUGIN_ID,
    `Stripe answered a ${what} in an unexpected shape (${issue?.path.join('.') || 'root'}: ${issue?.message}).`,
    { code: 'provider_bad_response' },
  );
}

export function toSavedMethod(pm: StripePaymentMethod): SavedMethod {
  if (pm.type === 'card' && pm.card) {
    return {
      gatewayId: pm.id,
      kind: 'card',
      brand: pm.card.brand,
      last4: pm.card.last4,
      expMonth: pm.card.exp_month,
      expYear: pm.card.exp_year,
      country: pm.card.country ?? null,
    };
  }
  if (pm.type === 'us_bank_account' && pm.us_bank_account) {
    return {
      gatewayId: pm.id,
      kind: 'us_bank_account',
      brand: pm.us_bank_account.bank_name ?? 'bank account',
      last4: pm.us_bank_account.last4,
      expMonth: null,
      expYear: null,
      country: 'US',
    };
  }
  if (pm.type === 'sepa_debit' && pm.sepa_debit) {
    return {
      gatewayId: pm.id,
      kind: 'sepa_debit',
      brand: 'sepa',
      last4: pm.sepa_debit.last4,
      expMonth: null,
      expYear: null,
      country: pm.sepa_debit.country ?? null,
    };
  }
  throw new ProviderError(PLUGIN_ID, `Stripe saved a "${pm.type}" payment method, which the portal does not offer.`, {
    code: 'provider_bad_response',
  });
}

export const isSupportedKind = (type: string): type is HostedMethodKind =>
  type === 'card' || type === 'us_bank_account' || type === 'sepa_debit';

/** A PaymentIntent's state as a charge outcome; an off-session authentication decline asks for action. */
export function toChargeOutcome(pi: StripePaymentIntent): ChargeOutcome {
  const base = { id: pi.id, amount: pi.amount, currency: pi.currency, metadata: pi.metadata };
  const err = pi.last_payment_error;
  if (pi.status === 'succeeded' || pi.status === 'processing') return { ...base, status: pi.status };
  if (pi.status === 'requires_action')
    return {
      ...base,
      status: 'requires_action',
      clientSecret: pi.client_secret ?? undefined,
      code: 'authentication_required',
      message: 'The customer must authenticate this payment with their bank.',
    };
  if (err?.code === 'authentication_required') {
    return {
      ...base,
      status: 'requires_action',
      clientSecret: pi.client_secret ?? undefined,
      code: 'authentication_required',
      declineCode: err.decline_code ?? undefined,
      message: err.message ?? 'The bank asks the customer to authenticate this payment.',
    };
  }
  return {
    ...base,
    status: 'declined',
    code: pi.status === 'canceled' ? 'canceled' : (err?.code ?? 'incomplete'),
    declineCode: err?.decline_code ?? undefined,
    message: err?.message ?? `The payment was not completed (Stripe status ${pi.status}).`,
  };
}

export function toRefundOutcome(r: z.infer<typeof refund>): RefundOutcome {
  const status = (['succeeded', 'pending', 'failed', 'canceled', 'requires_action'] as const).find((s) => s === r.status) ?? 'pending';
  return { id: r.id, status, amount: r.amount, currency: r.currency };
}

/** A Stripe event reduced to the ids, status, money and failure the host acts on. */
export function toGatewayEvent(e: z.infer<typeof event>): GatewayEvent {
  const o = e.data.object;
  const s = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  const n = (k: string) => (typeof o[k] === 'number' ? (o[k] as number) : undefined);
  const out: GatewayEvent = { id: e.id, type: e.type, created: e.created, status: s('status'), customerId: s('customer') };
  const err = (o.last_payment_error ?? o.last_setup_error) as { code?: string; message?: string } | null | undefined;
  switch (o.object) {
    case 'payment_intent':
      Object.assign(out, {
        paymentId: s('id'),
        methodId: s('payment_method'),
        amount: n('amount'),
        currency: s('currency'),
        metadata: o.metadata as Record<string, string>,
      });
      break;
    case 'charge':
      Object.assign(out, {
        paymentId: s('payment_intent'),
        methodId: s('payment_method'),
        amount: n('amount'),
        currency: s('currency'),
        metadata: o.metadata as Record<string, string>,
        failureCode: s('failure_code'),
        failureMessage: s('failure_message'),
      });
      break;
    case 'setup_intent':
      Object.assign(out, { setupId: s('id'), methodId: s('payment_method') });
      break;
    case 'payment_method':
      Object.assign(out, { methodId: s('id') });
      break;
    case 'refund':
      Object.assign(out, {
        refundId: s('id'),
        paymentId: s('payment_intent'),
        amount: n('amount'),
        currency: s('currency'),
        failureCode: s('failure_reason'),
      });
      break;
  }
  if (err) Object.assign(out, { failureCode: err.code ?? out.failureCode, failureMessage: err.message ?? out.failureMessage });
  for (const k of Object.keys(out) as (keyof GatewayEvent)[]) if (out[k] === undefined) delete out[k];
  return out;
}
