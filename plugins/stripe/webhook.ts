import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from '@glasspane/host';

/** The default tolerance of Stripe's libraries: events signed more than 5 minutes away are refused. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** A webhook whose `Stripe-Signature` does not prove it came from Stripe, now. Answered 400. */
export class WebhookSignatureError extends ApiError {
  constructor(detail: string) {
    super(400, 'invalid_signature', 'Webhook signature refused', detail);
    this.name = 'WebhookSignatureError';
  }
}

/**
 * Checks `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]` against the raw body: HMAC-SHA256
 * of `"<t>.<body>"` with the endpoint secret (any of `secrets`, for rotation), compared in
 * constant time; any `v1` may match (Stripe sends several while a secret rolls). `t` must be
 * within the tolerance of `now` (either side: a clock far ahead is as suspect as a replay).
 * Returns the body parsed; throws WebhookSignatureError.
 */
export function verifyStripeWebhook(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  secrets: string | string[],
  options: { toleranceSeconds?: number; now?: () => number } = {},
): unknown {
  const body = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
  if (!header) throw new WebhookSignatureError('The request has no Stripe-Signature header.');
  let t = Number.NaN;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const k = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (k === 't') t = /^\d+$/.test(v) ? Number(v) : Number.NaN;
    else if (k === 'v1') v1.push(v);
  }
  if (!Number.isFinite(t) || v1.length === 0)
    throw new WebhookSignatureError('The Stripe-Signature header has no timestamp or no v1 signature.');
  const signed = `${t}.${body}`;
  const match = (Array.isArray(secrets) ? secrets : [secrets]).some((secret) => {
    const expected = createHmac('sha256', secret).update(signed).digest();
    return v1.some((sig) => {
      const given = /^[0-9a-f]{64}$/i.test(sig) ? Buffer.from(sig, 'hex') : null;
      return given !== null && timingSafeEqual(given, expected);
    });
  });
  if (!match)
    throw new WebhookSignatureError(
      'No v1 signature matches the body: check STRIPE_WEBHOOK_SECRET and that the raw, unparsed body is verified.',
    );
  const age = Math.floor((options.now ?? Date.now)() / 1000) - t;
  const tolerance = options.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs(age) > tolerance)
    throw new WebhookSignatureError(
      `The signature's timestamp is ${age} s away from now; at most ${tolerance} s is accepted (a replayed or delayed event).`,
    );
  try {
    return JSON.parse(body);
  } catch {
    throw new WebhookSignatureError('The signed body is not JSON.');
  }
}
