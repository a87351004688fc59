import type { Role } from '../../auth/roles.js';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from '../../context.js';
import type { HostServices } from '../../container.js';
import { requireToken, readsAndWrites, type AuthConfig } from '../../auth/middleware.js';
import { JSON_API, doc, errorResponses, linksSchema, pageQuery, paginate } from '../../jsonapi.js';
import type { PaymentOutcome } from './billing-service.js';
import { autopayResource, invoiceResource, methodResource, paymentResource } from './resources.js';
import { renderInvoicePdf, type InvoiceIssuer } from './invoice-pdf.js';
import type { Invoice } from '../../ports/billing-provider.js';
import { ApiError } from '../../errors.js';
import { luhnValid } from './validation.js';

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
    lines: z.array(
      z.object({
        description: z.string(),
        quantity: z.number(),
        unitAmount: z.number().int(),
        amount: z.number().int(),
        taxAmount: z.number().int(),
        periodStart: z.string().optional().openapi({ description: 'First day of the service period the line bills, when the billing system states it.' }),
        periodEnd: z.string().optional().openapi({ description: 'Last day (inclusive) of the service period.' }),
        taxRate: z.number().optional().openapi({ description: 'Tax rate in percent, when the billing system states it.' }),
      }),
    ),
    memo: z.string().nullable(),
    pdf: z.string(),
  })
  .openapi('InvoiceAttributes', { description: 'Amounts are integer minor units of `currency`.' });
const invoiceResourceSchema = z.object({ type: z.literal('invoices'), id: z.string(), attributes: invoiceAttributes }).openapi('Invoice');
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
const methodResourceSchema = z.object({ type: z.literal('payment-methods'), id: z.string(), attributes: methodAttributes }).openapi('PaymentMethod');
const paymentAttributes = z.object({
  status: z.enum(['succeeded', 'failed', 'processing', 'refunded']),
  state: z.enum(['created', 'charging', 'charged', 'recorded', 'failed', 'refunded']).openapi({
    description: 'created → charging → charged → recorded, or failed / refunded. charging and charged are settled by the host (webhooks, reconciliation); the invoice is not payable again meanwhile.',
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

const setupAttributes = z.object({
  gateway: z.string().openapi({ example: 'stripe' }),
  clientSecret: z.string().openapi({ description: "For the gateway's script in the browser only (Stripe.js confirmSetup); never store or log it." }),
  publishableKey: z.string(),
  scriptUrl: z.string().openapi({ description: "The gateway's own script (Stripe: https://js.stripe.com/v3/), whose fields take the card or bank details." }),
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
  responses: { 201: doc(z.object({ data: z.object({ type: z.literal('payment-setups'), id: z.string(), attributes: setupAttributes }) }), 'Setup started'), ...errorResponses(401, 403, 409, 503) },
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
                  gatewayToken: z.string().min(1).max(200).openapi({ description: "The confirmed setup's id (Stripe: the SetupIntent, seti_…)." }),
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
    body: { required: true, content: { [JSON_API]: { schema: z.object({ data: z.object({ type: z.literal('payment-methods'), attributes: z.object({ isDefault: z.literal(true) }).strict() }) }) } } },
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
    'A declined charge is 402 with the reason; a bank debit on its way, or a charge the billing system has not recorded yet, is 202 (the host settles it by webhook and reconciliation).',
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

/** Keys that name card or bank data; their presence alone refuses the body. */
const CARD_DATA_KEYS = /^(number|card_?number|pan|cvc|cvv|cvc2|cvv2|security_?code|routing_?number|account_?number|iban|exp(iry)?_?(month|year)?)$/i;
/** A value that is a card or account number as typed (digits, spaces, dashes), or holds a Luhn-valid card number on its own. */
function looksLikeNumber(value: string): boolean {
  if (/^[\d -]+$/.test(value)) {
    const digits = value.replace(/\D/g, '');
    if (digits.length >= 8 && digits.length <= 19) return true;
  }
  for (const match of value.matchAll(/(?<![0-9A-Za-z])\d(?:[ -]?\d){12,18}(?![0-9A-Za-z])/g)) if (luhnValid(match[0].replace(/\D/g, ''))) return true;
  return false;
}

/** Whether a JSON value carries what looks like card or bank data (by key, or a card-number-like string). */
export function carriesCardData(value: unknown): boolean {
  if (typeof value === 'string') return looksLikeNumber(value);
  if (!value || typeof value !== 'object') return false;
  for (const [key, child] of Object.entries(value)) {
    if (CARD_DATA_KEYS.test(key.replace(/-/g, '_'))) return true;
    if (carriesCardData(child)) return true;
  }
  return false;
}

/** Who may read invoices, payments, methods and autopay: over REST and on the event stream alike. */
export const BILLING_READERS: readonly Role[] = ['customer', 'billing', 'staff'];

export function billingRoutes(app: OpenAPIHono<HostEnv>, auth: AuthConfig, deps: Pick<HostServices, 'billing' | 'tenants'> & { issuer: InvoiceIssuer }) {
  const reader = requireToken(auth, { roles: [...BILLING_READERS] });
  const payer = requireToken(auth, { roles: ['billing'] });
  const byMethod = readsAndWrites(reader, payer);
  for (const path of ['/api/v1/invoices', '/api/v1/invoices/*', '/api/v1/payment-methods', '/api/v1/payment-methods/*', '/api/v1/payments', '/api/v1/autopay']) app.use(path, byMethod);
  app.use('/api/v1/payment-setups', payer);
  // Card data never goes further than this: refused before validation, so no error echoes it.
  app.use('/api/v1/payment-methods', async (c, next) => {
    if (c.req.method === 'POST' && carriesCardData(await c.req.json().catch(() => null))) {
      throw new ApiError(422, 'card_data_refused', 'Card data refused', "Card and bank numbers are never sent to this host: enter them in the payment gateway's own fields (POST /api/v1/payment-setups) and send the setup's id as gatewayToken.", {
        source: { pointer: '/data/attributes' },
      });
    }
    await next();
  });

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
    const pdf = (await billing.providerPdf(tenant, id, c.req.raw.signal)) ?? (await renderInvoicePdf(invoice, await invoiceParties(deps, tenant, invoice), c.req.valid('query').lang));
    return new Response(new Uint8Array(pdf), {
      headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="invoice-${invoice.number.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf"`, 'cache-control': 'private, no-store' },
    });
  }) as any);

  app.openapi(listMethods, async (c) => {
    const methods = await deps.billing.listMethods(c.var.auth.tenant);
    return c.json({ data: methods.map(methodResource) }, 200);
  });

  app.openapi(createSetup, (async (c: any) => {
    const setup = await deps.billing.createSetup(c.var.auth.tenant, c.var.auth.user);
    const { id, gateway, clientSecret, publishableKey, scriptUrl } = setup;
    return new Response(JSON.stringify({ data: { type: 'payment-setups', id, attributes: { gateway, clientSecret, publishableKey, scriptUrl } } }), {
      status: 201,
      headers: { 'content-type': JSON_API, 'cache-control': 'no-store' },
    });
  }) as any);

  app.openapi(addMethod, async (c) => {
    const { gatewayToken, makeDefault } = c.req.valid('json').data.attributes;
    const method = await deps.billing.addMethod(c.var.auth.tenant, c.var.auth.user, gatewayToken, makeDefault);
    return c.json({ data: methodResource(method) }, 201);
  });

  app.openapi(updateMethod, async (c) => c.json({ data: methodResource(await deps.billing.setDefaultMethod(c.var.auth.tenant, c.var.auth.user, c.req.valid('param').id)) }, 200));

  app.openapi(removeMethod, (async (c: any) => {
    await deps.billing.removeMethod(c.var.auth.tenant, c.var.auth.user, c.req.valid('param').id, c.req.valid('query').confirm === 'true');
    return c.body(null, 204);
  }) as any);

  app.openapi(paymentHook, async (c) => {
    const { gateway } = c.req.valid('param');
    if (gateway !== deps.billing.gatewayId) throw new ApiError(404, 'not_found', 'Not found', `No payment gateway "${gateway}" is configured on this host.`);
    // The raw body, byte for byte as signed (the body guard keeps it).
    const raw = await c.req.text();
    const result = await deps.billing.handleWebhook(raw, c.req.header('stripe-signature') ?? c.req.header('test-signature'));
    return c.json({ received: true, duplicate: result.duplicate }, 200);
  });

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

/**
 * Who and how, for an invoice PDF: the configured issuer, the tenant's billing profile (its
 * name when it has none), the payments recorded against the invoice and the autopay method.
 */
async function invoiceParties(deps: Pick<HostServices, 'billing' | 'tenants'> & { issuer: InvoiceIssuer }, tenant: string, invoice: Invoice) {
  const { billing, tenants, issuer } = deps;
  const [profile, name, payments, autopay, methods] = await Promise.all([
    tenants.billingProfile(tenant),
    tenants.get(tenant).then((t) => t?.name ?? tenant),
    billing.listPayments(tenant),
    billing.getAutopay(tenant).catch(() => undefined),
    billing.listMethods(tenant).catch(() => []),
  ]);
  const recorded = payments.filter((p) => p.state === 'recorded' && p.invoiceIds.includes(invoice.id) && p.currency === invoice.currency);
  const autopayMethod = autopay?.enabled ? methods.find((m) => m.id === autopay.paymentMethodId)?.label : undefined;
  // A payment of several invoices pays each in full: this one's share is what the
  // single-invoice payments leave of its amount paid.
  const single = recorded.filter((p) => p.invoiceIds.length === 1).reduce((sum, p) => sum + p.amount, 0);
  const share = (p: (typeof recorded)[number]) => (p.invoiceIds.length === 1 ? p.amount : Math.max(0, invoice.amountPaid - single));
  return {
    issuer,
    recipient: { name: profile.legalName ?? name, address: profile.address, taxId: profile.taxId },
    payment: { payments: recorded.map((p) => ({ on: p.createdAt.slice(0, 10), label: p.method.label, amount: share(p) })), autopayMethod },
  };
}
