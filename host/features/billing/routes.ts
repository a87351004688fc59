import type { Role } from '../../auth/roles.js';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from '../../context.js';
import type { HostServices } from '../../container.js';
import { requireToken, readsAndWrites, type AuthConfig } from '../../auth/middleware.js';
import { JSON_API, doc, errorResponses, linksSchema, pageQuery, paginate } from '../../jsonapi.js';
import type { PaymentOutcome } from './billing-service.js';
import { autopayResource, invoiceResource, methodResource, paymentResource } from './resources.js';
import { renderInvoicePdf } from './invoice-pdf.js';

const invoiceStatus = z.enum(['draft', 'open', 'overdue', 'paid', 'void']);
const invoiceAttributes = z
  .object({
    number: z.string(),
    issuedOn: z.string(),
    dueOn: z.string(),
    status: invoiceStatus,
    currency: z.string(),
    subtotal: z.number().int(),
    tax: z.number().int(),
    total: z.number().int(),
    amountPaid: z.number().int(),
    amountDue: z.number().int(),
    lines: z.array(z.object({ description: z.string(), quantity: z.number(), unitAmount: z.number().int(), amount: z.number().int(), taxAmount: z.number().int() })),
    memo: z.string().nullable(),
    pdf: z.string(),
  })
  .openapi('InvoiceAttributes', { description: 'Amounts are integer minor units of `currency`.' });
const invoiceResourceSchema = z.object({ type: z.literal('invoices'), id: z.string(), attributes: invoiceAttributes }).openapi('Invoice');
const methodAttributes = z.object({
  kind: z.enum(['card', 'ach']),
  brand: z.string(),
  last4: z.string(),
  expMonth: z.number().nullable(),
  expYear: z.number().nullable(),
  holderName: z.string(),
  isDefault: z.boolean(),
  label: z.string(),
});
const methodResourceSchema = z.object({ type: z.literal('payment-methods'), id: z.string(), attributes: methodAttributes }).openapi('PaymentMethod');
const paymentAttributes = z.object({
  status: z.enum(['succeeded', 'failed', 'processing']),
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
const autopayAttributes = z.object({ enabled: z.boolean(), paymentMethodId: z.string().nullable(), nextChargeOn: z.string().nullable() });
const idParam = z.object({ id: z.string().min(1).max(200) });

const listInvoices = createRoute({
  method: 'get',
  path: '/api/v1/invoices',
  tags: ['Billing'],
  summary: "The tenant's invoices",
  security: [{ embedToken: [] }],
  request: {
    query: pageQuery.extend({
      'filter[status]': z.string().regex(/^(draft|open|overdue|paid|void)(,(draft|open|overdue|paid|void))*$/).optional().openapi({ example: 'open,overdue' }),
      sort: z.enum(['dueOn', '-dueOn', 'issuedOn', '-issuedOn', 'total', '-total']).default('-issuedOn'),
    }),
  },
  responses: {
    200: doc(
      z.object({
        data: z.array(invoiceResourceSchema),
        links: linksSchema,
        meta: z.object({
          total: z.number(),
          page: z.object({ number: z.number(), size: z.number(), total: z.number() }),
          amountDue: z.array(z.object({ currency: z.string(), amount: z.number().int() })).openapi({ description: 'Sum due over all open and overdue invoices, per currency.' }),
        }),
      }),
      'Invoices',
    ),
    ...errorResponses(400, 401, 403, 409, 503),
  },
});

const getInvoice = createRoute({
  method: 'get',
  path: '/api/v1/invoices/{id}',
  tags: ['Billing'],
  summary: 'One invoice with its lines',
  security: [{ embedToken: [] }],
  request: { params: idParam },
  responses: { 200: doc(z.object({ data: invoiceResourceSchema }), 'The invoice'), ...errorResponses(401, 403, 404, 503) },
});

const invoicePdf = createRoute({
  method: 'get',
  path: '/api/v1/invoices/{id}/pdf',
  tags: ['Billing'],
  summary: "The invoice as PDF: the billing system's own, or rendered by the host in the tenant's language",
  security: [{ embedToken: [] }],
  request: { params: idParam, query: z.object({ lang: z.enum(['en', 'de']).default('en') }) },
  responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } }, ...errorResponses(401, 403, 404, 503) },
});

const listMethods = createRoute({
  method: 'get',
  path: '/api/v1/payment-methods',
  tags: ['Billing'],
  summary: 'Saved cards and bank accounts (brand, last four, expiry; never the number)',
  security: [{ embedToken: [] }],
  responses: { 200: doc(z.object({ data: z.array(methodResourceSchema) }), 'Payment methods'), ...errorResponses(401, 403) },
});

const cardInput = z.object({
  kind: z.literal('card'),
  number: z.string().transform((s) => s.replace(/[\s-]/g, '')).pipe(z.string().regex(/^\d{12,19}$/, 'must be 12 to 19 digits')),
  expMonth: z.number().int().min(1).max(12),
  expYear: z.number().int().min(2000).max(2100),
  cvc: z.string().regex(/^\d{3,4}$/, 'must be 3 or 4 digits'),
  holderName: z.string().trim().min(1).max(200),
});
const achInput = z.object({
  kind: z.literal('ach'),
  routingNumber: z.string().regex(/^\d{9}$/, 'must be 9 digits'),
  accountNumber: z.string().regex(/^\d{4,17}$/, 'must be 4 to 17 digits'),
  accountType: z.enum(['checking', 'savings']),
  holderName: z.string().trim().min(1).max(200),
});

const addMethod = createRoute({
  method: 'post',
  path: '/api/v1/payment-methods',
  tags: ['Billing'],
  summary: 'Save a card or US bank account (billing role)',
  description: 'Numbers are checked (Luhn, expiry, ABA) and handed to the payment gateway; the host keeps its token, brand, last four and expiry only.',
  security: [{ embedToken: [] }],
  request: {
    body: {
      required: true,
      content: {
        [JSON_API]: {
          schema: z.object({
            data: z.object({ type: z.literal('payment-methods'), attributes: z.discriminatedUnion('kind', [cardInput, achInput]).and(z.object({ makeDefault: z.boolean().default(false) })) }),
          }),
        },
      },
    },
  },
  responses: { 201: doc(z.object({ data: methodResourceSchema }), 'Saved'), ...errorResponses(400, 401, 403, 413, 415, 422, 503) },
});

const removeMethod = createRoute({
  method: 'delete',
  path: '/api/v1/payment-methods/{id}',
  tags: ['Billing'],
  summary: 'Remove a saved payment method (billing role)',
  security: [{ embedToken: [] }],
  request: { params: idParam },
  responses: { 204: { description: 'Removed' }, ...errorResponses(401, 403, 404, 409) },
});

const pay = createRoute({
  method: 'post',
  path: '/api/v1/payments',
  tags: ['Billing'],
  summary: 'Pay invoices in full with a saved method (billing role); requires Idempotency-Key',
  description:
    'The same key with the same body returns the same answer, also while the first request is still running; the same key with another body is 422. ' +
    'An invoice is never paid twice: a second payment for it while one runs is 409. A declined charge is 402 with the reason.',
  security: [{ embedToken: [] }],
  request: {
    headers: z.object({ 'idempotency-key': z.string().min(8).max(255).openapi({ description: 'Unique per payment attempt, e.g. a UUID.' }) }),
    body: {
      required: true,
      content: {
        [JSON_API]: {
          schema: z.object({
            data: z.object({
              type: z.literal('payments'),
              attributes: z.object({ invoiceIds: z.array(z.string().min(1).max(200)).min(1).max(50), paymentMethodId: z.string().max(64).optional() }),
            }),
          }),
        },
      },
    },
  },
  responses: {
    201: doc(z.object({ data: paymentResourceSchema }), 'Paid'),
    202: doc(z.object({ data: paymentResourceSchema }), 'Charged; the billing system has not recorded it yet'),
    402: doc(z.object({ errors: z.array(z.any()) }), 'Declined'),
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

const getAutopay = createRoute({
  method: 'get',
  path: '/api/v1/autopay',
  tags: ['Billing'],
  summary: 'Automatic payment settings and the next charge date',
  security: [{ embedToken: [] }],
  responses: { 200: doc(z.object({ data: z.object({ type: z.literal('autopay'), id: z.string(), attributes: autopayAttributes }) }), 'Autopay'), ...errorResponses(401, 403) },
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
          schema: z.object({ data: z.object({ type: z.literal('autopay'), attributes: z.object({ enabled: z.boolean(), paymentMethodId: z.string().max(64).nullable().optional() }) }) }),
        },
      },
    },
  },
  responses: { 200: doc(z.object({ data: z.object({ type: z.literal('autopay'), id: z.string(), attributes: autopayAttributes }) }), 'Autopay'), ...errorResponses(401, 403, 413, 415, 422) },
});

const SORTS = {
  dueOn: (a: { dueOn: string }, b: { dueOn: string }) => a.dueOn.localeCompare(b.dueOn),
  issuedOn: (a: { issuedOn: string }, b: { issuedOn: string }) => a.issuedOn.localeCompare(b.issuedOn),
  total: (a: { total: number }, b: { total: number }) => a.total - b.total,
};

/** Who may read invoices, payments, methods and autopay: over REST and on the event stream alike. */
export const BILLING_READERS: readonly Role[] = ['customer', 'billing', 'staff'];

export function billingRoutes(app: OpenAPIHono<HostEnv>, auth: AuthConfig, deps: Pick<HostServices, 'billing' | 'tenants'>) {
  const reader = requireToken(auth, { roles: [...BILLING_READERS] });
  const payer = requireToken(auth, { roles: ['billing'] });
  const byMethod = readsAndWrites(reader, payer);
  for (const path of ['/api/v1/invoices', '/api/v1/invoices/*', '/api/v1/payment-methods', '/api/v1/payment-methods/*', '/api/v1/payments', '/api/v1/autopay']) app.use(path, byMethod);

  app.openapi(listInvoices, async (c) => {
    const q = c.req.valid('query');
    const all = await deps.billing.listInvoices(c.var.auth.tenant, c.req.raw.signal);
    const statuses = q['filter[status]'] ? new Set(q['filter[status]'].split(',')) : null;
    const filtered = statuses ? all.filter((i) => statuses.has(i.status)) : all;
    const key = q.sort.replace('-', '') as keyof typeof SORTS;
    const sorted = [...filtered].sort((a, b) => (q.sort.startsWith('-') ? -1 : 1) * SORTS[key](a, b));
    const dueByCurrency = new Map<string, number>();
    for (const i of all) if (i.status === 'open' || i.status === 'overdue') dueByCurrency.set(i.currency, (dueByCurrency.get(i.currency) ?? 0) + i.amountDue);
    const page = paginate(sorted.map(invoiceResource), { number: q['page[number]'], size: q['page[size]'] }, c.req.url);
    return c.json({ data: page.data, links: page.links, meta: { ...page.meta, amountDue: [...dueByCurrency].map(([currency, amount]) => ({ currency, amount })) } }, 200);
  });

  app.openapi(getInvoice, async (c) => c.json({ data: invoiceResource(await deps.billing.getInvoice(c.var.auth.tenant, c.req.valid('param').id, c.req.raw.signal)) }, 200));

  app.openapi(invoicePdf, (async (c: any) => {
    const { id } = c.req.valid('param');
    const { billing, tenants } = deps;
    const tenant: string = c.var.auth.tenant;
    const invoice = await billing.getInvoice(tenant, id, c.req.raw.signal);
    const pdf =
      (await billing.providerPdf(tenant, id, c.req.raw.signal)) ??
      (await renderInvoicePdf(invoice, { provider: process.env.GLASSPANE_PROVIDER_NAME ?? 'Your hosting provider', customer: (await tenants.get(tenant))?.name ?? tenant }, c.req.valid('query').lang));
    return new Response(new Uint8Array(pdf), {
      headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="invoice-${invoice.number.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf"`, 'cache-control': 'private, no-store' },
    });
  }) as any);

  app.openapi(listMethods, async (c) => {
    const methods = await deps.billing.listMethods(c.var.auth.tenant);
    return c.json({ data: methods.map(methodResource) }, 200);
  });

  app.openapi(addMethod, async (c) => {
    const { makeDefault, ...details } = c.req.valid('json').data.attributes;
    const method = await deps.billing.addMethod(c.var.auth.tenant, c.var.auth.user, details, makeDefault);
    return c.json({ data: methodResource(method) }, 201);
  });

  app.openapi(removeMethod, (async (c: any) => {
    await deps.billing.removeMethod(c.var.auth.tenant, c.var.auth.user, c.req.valid('param').id);
    return c.body(null, 204);
  }) as any);

  app.openapi(pay, (async (c: any) => {
    const key: string = c.req.valid('header')['idempotency-key'];
    const result = await deps.billing.pay(c.var.auth.tenant, c.var.auth.user, key, c.req.valid('json').data.attributes);
    const answer = paymentAnswer(result);
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': JSON_API, 'idempotency-replayed': String(result.replayed) },
    });
  }) as any);

  app.openapi(listPayments, async (c) => c.json({ data: (await deps.billing.listPayments(c.var.auth.tenant)).map(paymentResource) }, 200));

  app.openapi(getAutopay, async (c) => c.json({ data: autopayResource(c.var.auth.tenant, await deps.billing.getAutopay(c.var.auth.tenant)) }, 200));

  app.openapi(putAutopay, async (c) => {
    const input = c.req.valid('json').data.attributes;
    const view = await deps.billing.setAutopay(c.var.auth.tenant, c.var.auth.user, input);
    return c.json({ data: autopayResource(c.var.auth.tenant, view) }, 200);
  });
}

/** A declined charge is 402 with the reason; a payment the billing system has not recorded yet is 202. */
function paymentAnswer(result: PaymentOutcome): { status: number; body: unknown } {
  if (result.outcome === 'declined') {
    return {
      status: 402,
      body: { errors: [{ status: '402', code: result.code, title: 'Payment declined', detail: result.detail, meta: { paymentId: result.payment.id } }] },
    };
  }
  return { status: result.outcome === 'succeeded' ? 201 : 202, body: { data: paymentResource(result.payment) } };
}
