import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from '../../context.js';
import type { HostServices } from '../../container.js';
import { JSON_API, doc, errorResponses } from '../../jsonapi.js';
import { methodResource } from './resources.js';

const methodAttributes = z.object({
  kind: z.enum(['card', 'ach', 'sepa']).openapi({ description: 'card, ach (US bank account) or sepa (SEPA Direct Debit)' }),
  brand: z.string(),
  last4: z.string(),
  expMonth: z.number().nullable(),
  expYear: z.number().nullable(),
  holderName: z.string(),
  isDefault: z.boolean(),
  label: z.string(),
});
const methodResourceSchema = z
  .object({ type: z.literal('payment-methods'), id: z.string(), attributes: methodAttributes })
  .openapi('PaymentMethod');
const idParam = z.object({ id: z.string().min(1).max(200) });

const listMethods = createRoute({
  method: 'get',
  path: '/api/v1/payment-methods',
  tags: ['Billing'],
  summary: 'Saved cards and bank accounts (brand, last four, expiry; never the number)',
  security: [{ embedToken: [] }],
  responses: { 200: doc(z.object({ data: z.array(methodResourceSchema) }), 'Payment methods'), ...errorResponses(401, 403) },
});

const setupAttributes = z.object({
  gateway: z.string().openapi({ example: 'stripe' }),
  clientSecret: z
    .string()
    .openapi({ description: "For the gateway's script in the browser only (Stripe.js confirmSetup); never store or log it." }),
  publishableKey: z.string(),
  scriptUrl: z
    .string()
    .openapi({ description: "The gateway's own script (Stripe: https://js.stripe.com/v3/), whose fields take the card or bank details." }),
});

const createSetup = createRoute({
  method: 'post',
  path: '/api/v1/payment-setups',
  tags: ['Billing'],
  summary: "Start saving a card or bank account in the gateway's own fields (billing role)",
  description:
    "Answers what the browser needs to show the gateway's fields (Stripe Payment Element). Card and bank numbers are typed there and go to the gateway only; " +
    'after the browser confirmed the setup, POST /api/v1/payment-methods with its id as gatewayToken. No body.',
  security: [{ embedToken: [] }],
  responses: {
    201: doc(
      z.object({ data: z.object({ type: z.literal('payment-setups'), id: z.string(), attributes: setupAttributes }) }),
      'Setup started',
    ),
    ...errorResponses(401, 403, 409, 503),
  },
});

const addMethod = createRoute({
  method: 'post',
  path: '/api/v1/payment-methods',
  tags: ['Billing'],
  summary: 'Save the method of a confirmed setup (billing role)',
  description:
    "Saves brand, last four, expiry and the gateway's id, only when the gateway says the setup succeeded: a declined setup is 422 setup_declined and saves nothing. " +
    'A body carrying a card number, CVC, routing or account number (or IBAN) is refused with 422 card_data_refused and never logged.',
  security: [{ embedToken: [] }],
  request: {
    body: {
      required: true,
      content: {
        [JSON_API]: {
          schema: z.object({
            data: z.object({
              type: z.literal('payment-methods'),
              attributes: z
                .object({
                  gatewayToken: z
                    .string()
                    .min(1)
                    .max(200)
                    .openapi({ description: "The confirmed setup's id (Stripe: the SetupIntent, seti_…)." }),
                  makeDefault: z.boolean().default(false),
                })
                .strict(),
            }),
          }),
        },
      },
    },
  },
  responses: { 201: doc(z.object({ data: methodResourceSchema }), 'Saved'), ...errorResponses(400, 401, 403, 409, 413, 415, 422, 503) },
});

const updateMethod = createRoute({
  method: 'patch',
  path: '/api/v1/payment-methods/{id}',
  tags: ['Billing'],
  summary: 'Make a saved method the default (billing role)',
  security: [{ embedToken: [] }],
  request: {
    params: idParam,
    body: {
      required: true,
      content: {
        [JSON_API]: {
          schema: z.object({
            data: z.object({ type: z.literal('payment-methods'), attributes: z.object({ isDefault: z.literal(true) }).strict() }),
          }),
        },
      },
    },
  },
  responses: { 200: doc(z.object({ data: methodResourceSchema }), 'Updated'), ...errorResponses(401, 403, 404, 413, 415, 422) },
});

const removeMethod = createRoute({
  method: 'delete',
  path: '/api/v1/payment-methods/{id}',
  tags: ['Billing'],
  summary: 'Remove a saved payment method; it is detached at the gateway (billing role)',
  description: 'The method autopay charges is removed only with ?confirm=true (autopay is then turned off); without it 409 method_in_use.',
  security: [{ embedToken: [] }],
  request: { params: idParam, query: z.object({ confirm: z.enum(['true', 'false']).default('false') }) },
  responses: { 204: { description: 'Removed' }, ...errorResponses(401, 403, 404, 409, 503) },
});

/**
 * Saved payment methods: listing them, saving one through the gateway's own fields (a setup,
 * then the confirmed setup's id), the default, removal. Guarded by `billingRoutes`, which
 * also refuses bodies carrying card data before they get here.
 */
export function paymentMethodRoutes(app: OpenAPIHono<HostEnv>, { billing }: Pick<HostServices, 'billing'>) {
  app.openapi(listMethods, async (c) => {
    const methods = await billing.listMethods(c.get('auth').tenant);
    return c.json({ data: methods.map(methodResource) }, 200);
  });

  // The handler answers a raw Response with its own headers, not one of the route's typed JSON answers.
  /* eslint-disable @typescript-eslint/no-explicit-any -- see above */
  app.openapi(createSetup, (async (c: any) => {
    const setup = await billing.createSetup(c.get('auth').tenant, c.get('auth').user);
    const { id, gateway, clientSecret, publishableKey, scriptUrl } = setup;
    return new Response(
      JSON.stringify({ data: { type: 'payment-setups', id, attributes: { gateway, clientSecret, publishableKey, scriptUrl } } }),
      {
        status: 201,
        headers: { 'content-type': JSON_API, 'cache-control': 'no-store' },
      },
    );
  }) as any);
  /* eslint-enable @typescript-eslint/no-explicit-any */

  app.openapi(addMethod, async (c) => {
    const { gatewayToken, makeDefault } = c.req.valid('json').data.attributes;
    const method = await billing.addMethod(c.get('auth').tenant, c.get('auth').user, gatewayToken, makeDefault);
    return c.json({ data: methodResource(method) }, 201);
  });

  app.openapi(updateMethod, async (c) =>
    c.json(
      { data: methodResource(await billing.setDefaultMethod(c.get('auth').tenant, c.get('auth').user, c.req.valid('param').id)) },
      200,
    ),
  );

  // The handler answers 204 without a body, not one of the route's typed JSON answers.
  /* eslint-disable @typescript-eslint/no-explicit-any -- see above */
  app.openapi(removeMethod, (async (c: any) => {
    await billing.removeMethod(c.get('auth').tenant, c.get('auth').user, c.req.valid('param').id, c.req.valid('query').confirm === 'true');
    return c.body(null, 204);
  }) as any);
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
