import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from '../../context.js';
import type { HostServices } from '../../container.js';
import { requireToken, readsAndWrites, type AuthConfig } from '../../auth/middleware.js';
import { JSON_API, doc, errorResponses } from '../../jsonapi.js';
import { BILLING_READERS } from './routes.js';
import { REFUND_REASONS, RefundService, type RefundView } from './refunds.js';

const refundAttributes = z.object({
  paymentId: z.string(),
  amount: z.number().int().openapi({ description: "Minor units of the payment's currency." }),
  currency: z.string(),
  reason: z.enum(REFUND_REASONS),
  note: z.string().nullable(),
  status: z.enum(['requested', 'succeeded', 'pending', 'failed', 'canceled', 'requires_action']).openapi({
    description:
      'requested: the gateway has not answered yet (retry with the same Idempotency-Key); succeeded (cards) or pending (bank debits settle in days); failed; canceled.',
  }),
  failureMessage: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
const refundResourceSchema = z.object({ type: z.literal('refunds'), id: z.string(), attributes: refundAttributes }).openapi('Refund');
const params = z.object({ id: z.string().min(1).max(200) });

const createRefund = createRoute({
  method: 'post',
  path: '/api/v1/payments/{id}/refunds',
  tags: ['Billing'],
  summary: 'Refund a payment, fully or partly (staff role); requires Idempotency-Key',
  description:
    "Refunds at the payment's gateway. Without `amount`, whatever is not refunded yet. The same key with the same body answers the same refund (the gateway is asked once); " +
    'the same key with another body is 422. When refunds cover the whole payment its state becomes `refunded`. Audited.',
  security: [{ embedToken: [] }],
  request: {
    params,
    headers: z.object({ 'idempotency-key': z.string().min(8).max(255).openapi({ description: 'Unique per refund, e.g. a UUID.' }) }),
    body: {
      required: true,
      content: {
        [JSON_API]: {
          schema: z.object({
            data: z.object({
              type: z.literal('refunds'),
              attributes: z
                .object({
                  amount: z.number().int().positive().optional().openapi({ description: 'Minor units; omitted: the rest of the payment.' }),
                  reason: z.enum(REFUND_REASONS),
                  note: z.string().max(500).optional().openapi({ description: "Staff's words for the audit log." }),
                })
                .strict(),
            }),
          }),
        },
      },
    },
  },
  responses: {
    201: doc(z.object({ data: refundResourceSchema }), 'Refunded (or the earlier answer to the same key)'),
    ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 503),
  },
});

const listRefunds = createRoute({
  method: 'get',
  path: '/api/v1/payments/{id}/refunds',
  tags: ['Billing'],
  summary: "A payment's refunds",
  security: [{ embedToken: [] }],
  request: { params },
  responses: { 200: doc(z.object({ data: z.array(refundResourceSchema) }), 'Refunds'), ...errorResponses(401, 403, 404) },
});

const refundResource = (r: RefundView) => {
  const { id, ...attributes } = r;
  return { type: 'refunds' as const, id, attributes };
};

/** Refunds of payments: staff make them, whoever reads billing sees them. */
export function refundRoutes(app: OpenAPIHono<HostEnv>, auth: AuthConfig, deps: Pick<HostServices, 'db' | 'billing' | 'bus' | 'now'>) {
  const refunds = new RefundService(deps.db, deps.billing, deps.bus, deps.now);
  app.use(
    '/api/v1/payments/:id/refunds',
    readsAndWrites(requireToken(auth, { roles: [...BILLING_READERS] }), requireToken(auth, { roles: ['staff'] })),
  );

  app.openapi(listRefunds, async (c) =>
    c.json({ data: (await refunds.list(c.get('auth').tenant, c.req.valid('param').id)).map(refundResource) }, 200),
  );

  // The handler answers a raw 201 with Idempotency-Replayed, not one of the route's typed JSON answers.
  /* eslint-disable @typescript-eslint/no-explicit-any -- see above */
  app.openapi(createRefund, (async (c: any) => {
    const key: string = c.req.valid('header')['idempotency-key'];
    const { refund, replayed } = await refunds.refund(
      c.get('auth').tenant,
      c.get('auth').user,
      key,
      c.req.valid('param').id,
      c.req.valid('json').data.attributes,
    );
    return new Response(JSON.stringify({ data: refundResource(refund) }), {
      status: 201,
      headers: { 'content-type': JSON_API, 'idempotency-replayed': String(replayed) },
    });
  }) as any);
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
