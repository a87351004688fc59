import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from '../../context.js';
import type { HostServices } from '../../container.js';
import { doc, errorResponses, linksSchema, pageQuery, paginate } from '../../jsonapi.js';
import { invoiceResource } from './resources.js';
import { renderInvoicePdf, type InvoiceIssuer } from './invoice-pdf.js';
import type { Invoice } from '../../ports/billing-provider.js';

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
        periodStart: z
          .string()
          .optional()
          .openapi({ description: 'First day of the service period the line bills, when the billing system states it.' }),
        periodEnd: z.string().optional().openapi({ description: 'Last day (inclusive) of the service period.' }),
        taxRate: z.number().optional().openapi({ description: 'Tax rate in percent, when the billing system states it.' }),
      }),
    ),
    memo: z.string().nullable(),
    billedTo: z
      .string()
      .optional()
      .openapi({ description: 'The site or department billed, when not the account itself (a NetSuite sub-customer).' }),
    pdf: z.string(),
  })
  .openapi('InvoiceAttributes', { description: 'Amounts are integer minor units of `currency`.' });
const invoiceResourceSchema = z.object({ type: z.literal('invoices'), id: z.string(), attributes: invoiceAttributes }).openapi('Invoice');
const idParam = z.object({ id: z.string().min(1).max(200) });

const listInvoices = createRoute({
  method: 'get',
  path: '/api/v1/invoices',
  tags: ['Billing'],
  summary: "The tenant's invoices",
  security: [{ embedToken: [] }],
  request: {
    query: pageQuery.extend({
      'filter[status]': z
        .string()
        .regex(/^(draft|open|overdue|paid|void)(,(draft|open|overdue|paid|void))*$/)
        .optional()
        .openapi({ example: 'open,overdue' }),
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
          amountDue: z
            .array(z.object({ currency: z.string(), amount: z.number().int() }))
            .openapi({ description: 'Sum due over all open and overdue invoices, per currency.' }),
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
  summary: "The invoice as PDF: the billing system's own, or rendered by the host in the tenant's invoice language",
  description: "In the tenant's `billingProfile.invoiceLanguage` when set (whatever `lang` says), else in `lang`, the reader's.",
  security: [{ embedToken: [] }],
  request: {
    params: idParam,
    query: z.object({
      lang: z.enum(['en', 'de']).default('en').openapi({ description: "The reader's language; the tenant's invoice language wins." }),
    }),
  },
  responses: {
    200: { description: 'PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...errorResponses(401, 403, 404, 503),
  },
});

const SORTS = {
  dueOn: (a: { dueOn: string }, b: { dueOn: string }) => a.dueOn.localeCompare(b.dueOn),
  issuedOn: (a: { issuedOn: string }, b: { issuedOn: string }) => a.issuedOn.localeCompare(b.issuedOn),
  total: (a: { total: number }, b: { total: number }) => a.total - b.total,
};

/** Invoices: the list with what is due per currency, one invoice, and its PDF. Guarded by `billingRoutes`. */
export function invoiceRoutes(app: OpenAPIHono<HostEnv>, deps: Pick<HostServices, 'billing' | 'tenants'> & { issuer: InvoiceIssuer }) {
  const { billing } = deps;
  app.openapi(listInvoices, async (c) => {
    const q = c.req.valid('query');
    const all = await billing.listInvoices(c.get('auth').tenant, c.req.raw.signal);
    const statuses = q['filter[status]'] ? new Set(q['filter[status]'].split(',')) : null;
    const filtered = statuses ? all.filter((i) => statuses.has(i.status)) : all;
    const key = q.sort.replace('-', '') as keyof typeof SORTS;
    const sorted = [...filtered].sort((a, b) => (q.sort.startsWith('-') ? -1 : 1) * SORTS[key](a, b));
    const dueByCurrency = new Map<string, number>();
    for (const i of all)
      if (i.status === 'open' || i.status === 'overdue') dueByCurrency.set(i.currency, (dueByCurrency.get(i.currency) ?? 0) + i.amountDue);
    const page = paginate(sorted.map(invoiceResource), { number: q['page[number]'], size: q['page[size]'] }, c.req.url);
    return c.json(
      {
        data: page.data,
        links: page.links,
        meta: { ...page.meta, amountDue: [...dueByCurrency].map(([currency, amount]) => ({ currency, amount })) },
      },
      200,
    );
  });

  app.openapi(getInvoice, async (c) =>
    c.json({ data: invoiceResource(await billing.getInvoice(c.get('auth').tenant, c.req.valid('param').id, c.req.raw.signal)) }, 200),
  );

  /* eslint-disable @typescript-eslint/no-explicit-any -- answers a PDF, not one of the route's typed JSON answers */
  app.openapi(invoicePdf, (async (c: any) => {
    const { id } = c.req.valid('param');
    const tenant: string = c.get('auth').tenant;
    const invoice = await billing.getInvoice(tenant, id, c.req.raw.signal);
    const own = await billing.providerPdf(tenant, id, c.req.raw.signal);
    let pdf = own;
    if (!pdf) {
      const parties = await invoiceParties(deps, tenant, invoice);
      pdf = await renderInvoicePdf(invoice, parties, parties.language ?? c.req.valid('query').lang);
    }
    return new Response(new Uint8Array(pdf), {
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="invoice-${invoice.number.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf"`,
        'cache-control': 'private, no-store',
      },
    });
  }) as any);
  /* eslint-enable @typescript-eslint/no-explicit-any */
}

/**
 * Who and how, for an invoice PDF: the configured issuer, the tenant's billing profile (its
 * name when it has none), the payments recorded against the invoice and the autopay method.
 */
async function invoiceParties(
  deps: Pick<HostServices, 'billing' | 'tenants'> & { issuer: InvoiceIssuer },
  tenant: string,
  invoice: Invoice,
) {
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
    language: profile.invoiceLanguage,
    recipient: { name: profile.legalName ?? name, address: profile.address, taxId: profile.taxId },
    payment: { payments: recorded.map((p) => ({ on: p.createdAt.slice(0, 10), label: p.method.label, amount: share(p) })), autopayMethod },
  };
}
