import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from '../../context.js';
import type { HostServices } from '../../container.js';
import { requireAdmin, requireToken, type AuthConfig } from '../../auth/middleware.js';
import { ApiError, notFound } from '../../errors.js';
import { JSON_API, errorResponses } from '../../jsonapi.js';
import type { BillingProfile, Branding, Tenant, TenantServiceRecord } from './tenant-service.js';
import { idSchema, originSchema } from '../../schemas.js';
import { errorMessage } from '../../error-messages.js';

const hex = z.string().regex(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i, 'a hex colour such as #1d4ed8');
/** A partner's branding for the tenant. Colours are hex only, so nothing but a colour reaches a style. */
export const brandingSchema = z
  .object({
    displayName: z.string().trim().min(1).max(100).optional(),
    logoUrl: z
      .string()
      .max(500)
      .regex(/^(https:\/\/|\/(?!\/))[^\s"'()<>\\]*$/, 'an https:// address or a path on this host')
      .optional(),
    colors: z.object({ primary: hex, onPrimary: hex, surface: hex, text: hex, muted: hex, border: hex }).partial().default({}),
    supportName: z.string().trim().min(1).max(100).optional(),
    supportEmail: z.email().max(200).optional(),
    supportPhone: z
      .string()
      .max(40)
      .regex(/^[+0-9 ()./-]+$/, 'digits, spaces and + ( ) . / - only')
      .optional(),
  })
  .openapi('Branding');

/** Whom the tenant's invoices are addressed to. Text only, printed as given. */
export const billingProfileSchema = z
  .object({
    legalName: z.string().trim().min(1).max(200).optional(),
    address: z.array(z.string().trim().min(1).max(120)).max(6).default([]),
    taxId: z
      .string()
      .trim()
      .max(30)
      .regex(/^[A-Za-z0-9 .-]+$/, 'letters, digits, spaces, dots and hyphens, e.g. DE123456789')
      .optional(),
    invoiceLanguage: z.enum(['en', 'de']).optional().openapi({
      description:
        "The language of the tenant's invoice PDFs, whatever the reader's language (a tax office reads one invoice in one language). Unset: the reader's.",
    }),
  })
  .openapi('BillingProfile');

const tenantAttributes = z.object({
  name: z.string().min(1).max(200),
  billingProfile: billingProfileSchema
    .default({ address: [] })
    .openapi({ description: 'Legal name, billing address (up to 6 lines) and VAT or tax id that invoices name.' }),
  branding: brandingSchema
    .default({ colors: {} })
    .openapi({ description: 'Colours, logo and support contact gp-provider applies with `tenant-branding`.' }),
  origins: z.array(originSchema).max(50).default([]),
  computeAccounts: z
    .array(z.object({ source: z.string().min(1).max(64), scope: z.string().min(1).max(200) }))
    .max(10)
    .default([])
    .openapi({ description: "Where the tenant's servers live: an OpenStack project id, a Cloud Director org." }),
  billingAccount: z
    .object({ source: z.string().min(1).max(64), account: z.string().min(1).max(200) })
    .nullable()
    .default(null)
    .openapi({ description: "The tenant's customer at a billing provider: NetSuite customer id, or the tenant id for `local`." }),
  supportAccount: z
    .object({ source: z.string().min(1).max(64), account: z.string().min(1).max(200) })
    .nullable()
    .default(null)
    .openapi({ description: "The tenant's customer at the service desk (NetSuite customer id, or the tenant id for `local`)." }),
});
const tenantResource = z.object({ type: z.literal('tenants'), id: z.string(), attributes: tenantAttributes });
const serviceAttributes = z.object({
  name: z.string().min(1).max(200),
  kind: z.enum(['server', 'domain', 'certificate', 'storage', 'network', 'other']).default('server'),
  statusComponents: z
    .array(z.object({ source: z.string().min(1).max(64), componentId: z.string().min(1).max(128) }))
    .max(100)
    .default([]),
});
const serviceResource = z.object({ type: z.literal('services'), id: z.string(), attributes: serviceAttributes });

type Account = { source: string; account: string } | null;
const toTenant = (
  t: Tenant,
  computeAccounts: { source: string; scope: string }[],
  billingAccount: Account,
  supportAccount: Account,
  branding: Branding,
  billingProfile: BillingProfile,
) => ({
  type: 'tenants' as const,
  id: t.id,
  attributes: { name: t.name, origins: t.origins, computeAccounts, billingAccount, supportAccount, branding, billingProfile },
});
const toService = (s: TenantServiceRecord) => ({
  type: 'services' as const,
  id: s.id,
  attributes: { name: s.name, kind: s.kind as z.infer<typeof serviceAttributes>['kind'], statusComponents: s.statusComponents },
});

const getBranding = createRoute({
  method: 'get',
  path: '/api/v1/branding',
  tags: ['Tenants'],
  summary: "The token's tenant's branding: colours, logo, support contact",
  security: [{ embedToken: [] }],
  responses: {
    200: {
      description: 'Branding',
      content: {
        [JSON_API]: { schema: z.object({ data: z.object({ type: z.literal('brandings'), id: z.string(), attributes: brandingSchema }) }) },
      },
    },
    ...errorResponses(401),
  },
});

const putTenant = createRoute({
  method: 'put',
  path: '/api/v1/tenants/{tenantId}',
  tags: ['Tenants'],
  summary: 'Create or update a tenant',
  security: [{ adminKey: [] }],
  request: {
    params: z.object({ tenantId: idSchema }),
    body: {
      required: true,
      content: { [JSON_API]: { schema: z.object({ data: z.object({ type: z.literal('tenants'), attributes: tenantAttributes }) }) } },
    },
  },
  responses: {
    200: { description: 'Updated', content: { [JSON_API]: { schema: z.object({ data: tenantResource }) } } },
    201: { description: 'Created', content: { [JSON_API]: { schema: z.object({ data: tenantResource }) } } },
    ...errorResponses(400, 401, 415, 422),
  },
});

const listTenants = createRoute({
  method: 'get',
  path: '/api/v1/tenants',
  tags: ['Tenants'],
  summary: 'List tenants',
  security: [{ adminKey: [] }],
  responses: {
    200: { description: 'Tenants', content: { [JSON_API]: { schema: z.object({ data: z.array(tenantResource) }) } } },
    ...errorResponses(401),
  },
});

const putService = createRoute({
  method: 'put',
  path: '/api/v1/tenants/{tenantId}/services/{serviceId}',
  tags: ['Tenants'],
  summary: "Create or update a tenant's service and the status components that affect it",
  security: [{ adminKey: [] }],
  request: {
    params: z.object({ tenantId: idSchema, serviceId: idSchema }),
    body: {
      required: true,
      content: { [JSON_API]: { schema: z.object({ data: z.object({ type: z.literal('services'), attributes: serviceAttributes }) }) } },
    },
  },
  responses: {
    200: { description: 'Updated', content: { [JSON_API]: { schema: z.object({ data: serviceResource }) } } },
    201: { description: 'Created', content: { [JSON_API]: { schema: z.object({ data: serviceResource }) } } },
    ...errorResponses(400, 401, 404, 415, 422),
  },
});

const listServices = createRoute({
  method: 'get',
  path: '/api/v1/services',
  tags: ['Tenants'],
  summary: "The token's tenant's services",
  security: [{ embedToken: [] }],
  responses: {
    200: {
      description: 'Services',
      content: { [JSON_API]: { schema: z.object({ data: z.array(serviceResource), meta: z.object({ total: z.number() }) }) } },
    },
    ...errorResponses(401, 403),
  },
});

const target = z.object({ responseMinutes: z.number().int().min(1).max(100_000), meaning: z.string().trim().min(1).max(500) });
const putSupportContract = createRoute({
  method: 'put',
  path: '/api/v1/tenants/{tenantId}/support-contract',
  tags: ['Tenants'],
  summary: "Set what each urgency means and the target response time, from the tenant's contract",
  security: [{ adminKey: [] }],
  request: {
    params: z.object({ tenantId: idSchema }),
    body: {
      required: true,
      content: {
        [JSON_API]: {
          schema: z.object({
            data: z.object({
              type: z.literal('support-contracts'),
              attributes: z.object({ blocker: target, critical: target, major: target, minor: target }).partial(),
            }),
          }),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'Saved',
      content: {
        [JSON_API]: {
          schema: z.object({
            data: z.object({ type: z.literal('support-contracts'), id: z.string(), attributes: z.record(z.string(), target) }),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 404, 415, 422),
  },
});

export function tenantRoutes(
  app: OpenAPIHono<HostEnv>,
  auth: AuthConfig,
  deps: Pick<HostServices, 'billing' | 'compute' | 'db' | 'maintenances' | 'support' | 'tenants'>,
) {
  const admin = requireAdmin(auth);
  app.use('/api/v1/tenants', admin);
  app.use('/api/v1/tenants/*', admin);
  app.use(listServices.getRoutingPath(), requireToken(auth));

  app.openapi(putTenant, async (c) => {
    const { tenantId } = c.req.valid('param');
    const { attributes } = c.req.valid('json').data;
    const { computeAccounts, billingAccount, supportAccount, branding, billingProfile, ...rest } = attributes;
    const { compute, tenants, billing, support } = deps;
    if (supportAccount && !support.sources.includes(supportAccount.source)) {
      throw new ApiError(
        422,
        errorMessage('unknown_source', { kind: 'support', source: supportAccount.source, have: support.sources.join(', ') }),
        {
          source: { pointer: '/data/attributes/supportAccount/source' },
        },
      );
    }
    if (billingAccount && !billing.sources.includes(billingAccount.source)) {
      throw new ApiError(
        422,
        errorMessage('unknown_source', { kind: 'billing', source: billingAccount.source, have: billing.sources.join(', ') }),
        {
          source: { pointer: '/data/attributes/billingAccount/source' },
        },
      );
    }
    for (const [i, account] of computeAccounts.entries()) {
      if (!compute.sources.includes(account.source)) {
        throw new ApiError(
          422,
          errorMessage('unknown_source', { kind: 'compute', source: account.source, have: compute.sources.join(', ') }),
          {
            source: { pointer: `/data/attributes/computeAccounts/${i}/source` },
          },
        );
      }
    }
    const tenant = { id: tenantId, ...rest };
    const { created } = await tenants.upsert(tenant);
    await compute.setAccounts(tenantId, computeAccounts);
    await billing.setAccount(tenantId, billingAccount);
    await support.setAccount(tenantId, supportAccount);
    await tenants.setBranding(tenantId, branding);
    await tenants.setBillingProfile(tenantId, billingProfile);
    return c.json(
      { data: toTenant(tenant, computeAccounts, billingAccount, supportAccount, branding, billingProfile) },
      created ? 201 : 200,
    );
  });

  app.use('/api/v1/branding', requireToken(auth));
  app.openapi(getBranding, async (c) =>
    c.json(
      { data: { type: 'brandings' as const, id: c.get('auth').tenant, attributes: await deps.tenants.branding(c.get('auth').tenant) } },
      200,
    ),
  );

  app.openapi(listTenants, async (c) => {
    const { tenants, compute, billing, support } = deps;
    const list = await tenants.list();
    const withAccounts = await Promise.all(
      list.map(async (t) =>
        toTenant(
          t,
          await compute.accounts(t.id),
          await billing.account(t.id).then(
            ({ source, account }) => ({ source, account }),
            () => null,
          ),
          await support.account(t.id).then(
            ({ source, account }) => ({ source, account }),
            () => null,
          ),
          await tenants.branding(t.id),
          await tenants.billingProfile(t.id),
        ),
      ),
    );
    return c.json({ data: withAccounts }, 200);
  });

  app.openapi(putService, async (c) => {
    const { tenantId, serviceId } = c.req.valid('param');
    const { attributes } = c.req.valid('json').data;
    const { tenants, maintenances } = deps;
    if (!(await tenants.get(tenantId))) throw notFound('tenant', tenantId);
    for (const [i, link] of attributes.statusComponents.entries()) {
      if (!maintenances.hasSource(link.source)) {
        throw new ApiError(422, errorMessage('unknown_source.status', { source: link.source, have: maintenances.sources.join(', ') }), {
          source: { pointer: `/data/attributes/statusComponents/${i}/source` },
        });
      }
    }
    const service = { id: serviceId, ...attributes };
    const { created } = await tenants.upsertService(tenantId, service);
    return created ? c.json({ data: toService(service) }, 201) : c.json({ data: toService(service) }, 200);
  });

  app.openapi(putSupportContract, async (c) => {
    const { tenantId } = c.req.valid('param');
    const { tenants, support } = deps;
    if (!(await tenants.get(tenantId))) throw notFound('tenant', tenantId);
    await support.setTargets(tenantId, c.req.valid('json').data.attributes);
    return c.json({ data: { type: 'support-contracts' as const, id: tenantId, attributes: await support.targets(tenantId) } }, 200);
  });

  app.openapi(listServices, async (c) => {
    const services = await deps.tenants.listServices(c.get('auth').tenant);
    return c.json({ data: services.map(toService), meta: { total: services.length } }, 200);
  });
}
