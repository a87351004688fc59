import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from '../../context.js';
import type { HostServices } from '../../container.js';
import { JSON_API, doc, errorDocumentSchema, errorResponses } from '../../jsonapi.js';
import { ApiError } from '../../errors.js';
import type { PaymentOutcome } from './billing-service.js';
import { autopayResource, paymentResource } from './resources.js';
import { errorMessage, readerErrorText } from '../../error-messages.js';

const paymentAttributes = z.object({
  status: z.enum(['succeeded', 'failed', 'processing', 'refunded']),
  state: z.enum(['created', 'charging', 'requires_action', 'charged', 'recorded', 'failed', 'refunded']).openapi({
    description:
      "created → charging → charged → recorded, or failed / refunded. requires_action: the bank asks the customer to authenticate (3-D Secure) in the gateway's script (`meta.nextAction`); its webhook settles it, an abandoned challenge is cancelled when `expiresAt` passes. charging, requires_action and charged are settled by the host (webhooks, reconciliation); the invoice is not payable again meanwhile.",
  }),
  amount: z.number().int(),
  currency: z.string(),
  invoiceIds: z.array(z.string()),
  method: z.object({ id: z.string(), label: z.string() }),
  receiptNumber: z.string().nullable(),
  failureCode: z.string().nullable(),
  failureMessage: z.string().nullable(),
  trigger: z.enum(['customer', 'autopay']),
  createdAt: z.string(),
});
const paymentResourceSchema = z.object({ type: z.literal('payments'), id: z.string(), attributes: paymentAttributes }).openapi('Payment');
const nextActionSchema = z
  .object({
    type: z.literal('authenticate'),
    gateway: z.string(),
    clientSecret: z
      .string()
      .openapi({ description: "The PaymentIntent's client secret, for the gateway's script only (Stripe.js `handleNextAction`)." }),
    publishableKey: z.string(),
    scriptUrl: z.string(),
    expiresAt: z.string().openapi({ description: 'When the host cancels the challenge if it is not completed (nothing is charged then).' }),
  })
  .openapi('PaymentNextAction');
const paymentDocument = z.object({ data: paymentResourceSchema, meta: z.object({ nextAction: nextActionSchema.nullable() }).optional() });
const autopayAttributes = z.object({
  enabled: z.boolean(),
  paymentMethodId: z.string().nullable(),
  nextChargeOn: z.string().nullable().openapi({ description: 'While on: the next day autopay charges (YYYY-MM-DD).' }),
  firstCharge: z
    .object({ on: z.string(), amounts: z.array(z.object({ currency: z.string(), amount: z.number().int() })) })
    .nullable()
    .openapi({
      description:
        "What autopay would charge first if it were on now, by the host's clock: the day (today for what is overdue) and the amount per currency (one charge each). What the confirmation shows; null when nothing is open.",
    }),
});

const paymentHook = createRoute({
  method: 'post',
  path: '/api/v1/hooks/payments/{gateway}',
  tags: ['Billing'],
  summary: "The payment gateway's webhook (Stripe: /api/v1/hooks/payments/stripe)",
  description:
    "Verified against the raw body with the gateway's signature (Stripe-Signature: HMAC-SHA256, 300 s tolerance); event ids are stored, so a repeat is answered 200 and ignored. " +
    'Bank debits (ACH, SEPA) settle here: the payment and its invoices follow.',
  request: { params: z.object({ gateway: z.string().regex(/^[a-z0-9-]{1,64}$/) }) },
  responses: { 200: doc(z.object({ received: z.boolean(), duplicate: z.boolean() }), 'Accepted'), ...errorResponses(400, 404, 413, 503) },
});

const pay = createRoute({
  method: 'post',
  path: '/api/v1/payments',
  tags: ['Billing'],
  summary: 'Pay invoices in full with a saved method (billing role); requires Idempotency-Key',
  description:
    'The same key with the same body returns the same answer, also while the first request is still running; the same key with another body is 422. ' +
    'An invoice is never paid twice: while a payment for it is not settled (charging, or charged and not yet recorded by the billing system), another is 409 invoice_payment_in_progress saying how much is being processed. ' +
    'Once it is recorded, another is 409 invoice_not_payable until the billing system shows the payment ' +
    '(or it was refunded, or settledClaimHoldMs passed). ' +
    'A declined charge is 402 with the reason; a bank debit on its way, or a charge the billing system has not recorded yet, is 202 (the host settles it by webhook and reconciliation). ' +
    "A card whose bank asks for 3-D Secure is 202 with state requires_action and `meta.nextAction`: hand its clientSecret to the gateway's script (Stripe.js `handleNextAction`), then read `GET /payments/{id}` (or the stream) for how it ended. Autopay never hands off: it fails with authentication_required.",
  security: [{ embedToken: [] }],
  request: {
    headers: z.object({
      'idempotency-key': z.string().min(8).max(255).openapi({ description: 'Unique per payment attempt, e.g. a UUID.' }),
    }),
    body: {
      required: true,
      content: {
        [JSON_API]: {
          schema: z.object({
            data: z.object({
              type: z.literal('payments'),
              attributes: z.object({
                invoiceIds: z.array(z.string().min(1).max(200)).min(1).max(50),
                paymentMethodId: z.string().max(64).optional(),
              }),
            }),
          }),
        },
      },
    },
  },
  responses: {
    201: doc(paymentDocument, 'Paid'),
    202: doc(paymentDocument, 'Charged and not recorded yet, a bank debit on its way, or waiting for 3-D Secure (`meta.nextAction`)'),
    402: doc(errorDocumentSchema, 'Declined; `meta.paymentId` names the failed payment'),
    ...errorResponses(400, 401, 403, 409, 413, 415, 422, 503),
  },
});

const listPayments = createRoute({
  method: 'get',
  path: '/api/v1/payments',
  tags: ['Billing'],
  summary: 'Payments and failed attempts',
  security: [{ embedToken: [] }],
  responses: { 200: doc(z.object({ data: z.array(paymentResourceSchema) }), 'Payments'), ...errorResponses(401, 403) },
});

const getPayment = createRoute({
  method: 'get',
  path: '/api/v1/payments/{id}',
  tags: ['Billing'],
  summary: "One payment; while it waits for 3-D Secure, `meta.nextAction` to show the bank's challenge again",
  security: [{ embedToken: [] }],
  request: { params: z.object({ id: z.string().max(64) }) },
  responses: { 200: doc(paymentDocument, 'Payment'), ...errorResponses(401, 403, 404) },
});

const getAutopay = createRoute({
  method: 'get',
  path: '/api/v1/autopay',
  tags: ['Billing'],
  summary: 'Automatic payment settings and the next charge date',
  security: [{ embedToken: [] }],
  responses: {
    200: doc(z.object({ data: z.object({ type: z.literal('autopay'), id: z.string(), attributes: autopayAttributes }) }), 'Autopay'),
    ...errorResponses(401, 403),
  },
});

const putAutopay = createRoute({
  method: 'put',
  path: '/api/v1/autopay',
  tags: ['Billing'],
  summary: 'Turn automatic payment on or off (billing role)',
  security: [{ embedToken: [] }],
  request: {
    body: {
      required: true,
      content: {
        [JSON_API]: {
          schema: z.object({
            data: z.object({
              type: z.literal('autopay'),
              attributes: z.object({ enabled: z.boolean(), paymentMethodId: z.string().max(64).nullable().optional() }),
            }),
          }),
        },
      },
    },
  },
  responses: {
    200: doc(z.object({ data: z.object({ type: z.literal('autopay'), id: z.string(), attributes: autopayAttributes }) }), 'Autopay'),
    ...errorResponses(401, 403, 413, 415, 422),
  },
});

/** Payments (paying invoices, the list, the gateway's webhook) and autopay. Guarded by `billingRoutes`. */
export function paymentRoutes(app: OpenAPIHono<HostEnv>, { billing }: Pick<HostServices, 'billing'>) {
  app.openapi(paymentHook, async (c) => {
    const { gateway } = c.req.valid('param');
    if (gateway !== billing.gatewayId) throw new ApiError(404, errorMessage('not_found.gateway', { gateway }));
    // The raw body, byte for byte as signed (the body guard keeps it).
    const raw = await c.req.text();
    const result = await billing.handleWebhook(raw, c.req.header('stripe-signature') ?? c.req.header('test-signature'));
    return c.json({ received: true, duplicate: result.duplicate }, 200);
  });

  // The handler answers with its own status and headers, not one of the route's typed JSON answers.
  /* eslint-disable @typescript-eslint/no-explicit-any -- see above */
  app.openapi(pay, (async (c: any) => {
    const key: string = c.req.valid('header')['idempotency-key'];
    const result = await billing.pay(c.get('auth').tenant, c.get('auth').user, key, c.req.valid('json').data.attributes);
    const answer = paymentAnswer(result);
    // c.body keeps the headers middleware set (Content-Language, Vary) beside these.
    return c.body(JSON.stringify(answer.body), answer.status, {
      'content-type': JSON_API,
      'idempotency-replayed': String(result.replayed),
    });
  }) as any);
  /* eslint-enable @typescript-eslint/no-explicit-any */

  app.openapi(listPayments, async (c) => c.json({ data: (await billing.listPayments(c.get('auth').tenant)).map(paymentResource) }, 200));

  app.openapi(getPayment, async (c) => {
    const { payment, nextAction } = await billing.getPayment(c.get('auth').tenant, c.req.valid('param').id);
    return c.json({ data: paymentResource(payment), meta: { nextAction } }, 200);
  });

  app.openapi(getAutopay, async (c) =>
    c.json({ data: autopayResource(c.get('auth').tenant, await billing.getAutopay(c.get('auth').tenant)) }, 200),
  );

  app.openapi(putAutopay, async (c) => {
    const input = c.req.valid('json').data.attributes;
    const view = await billing.setAutopay(c.get('auth').tenant, c.get('auth').user, input);
    return c.json({ data: autopayResource(c.get('auth').tenant, view) }, 200);
  });
}

/** A declined charge is 402 with the reason; a payment the billing system has not recorded yet is 202. */
function paymentAnswer(result: PaymentOutcome): { status: number; body: unknown } {
  if (result.outcome === 'declined') {
    return {
      status: 402,
      // Why, in the reader's language (a gateway's own reason for an unknown code stays as it gave it).
      body: {
        errors: [
          {
            status: '402',
            code: result.code,
            ...readerErrorText(result.detail),
            meta: { paymentId: result.payment.id },
          },
        ],
      },
    };
  }
  if (result.outcome === 'requires_action')
    return { status: 202, body: { data: paymentResource(result.payment), meta: { nextAction: result.nextAction } } };
  return { status: result.outcome === 'succeeded' ? 201 : 202, body: { data: paymentResource(result.payment) } };
}
