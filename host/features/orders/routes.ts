import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from '../../context.js';
import type { HostServices } from '../../container.js';
import { requireAdmin, requireAdminOrOperator, requireToken, readsAndWrites, type AuthConfig } from '../../auth/middleware.js';
import { ApiError, ValidationError, forbidden } from '../../errors.js';
import { body, doc, errorResponses } from '../../jsonapi.js';
import type { CatalogItem, PlanOption, ServicePlan } from './catalog.js';
import type { Quote } from './order-types.js';
import { METRICS } from '../../ports/metrics-provider.js';
import { idSchema, plainText } from '../../schemas.js';
import {
  catalogAttributes,
  catalogResource,
  money,
  orderInput,
  orderResource,
  orderType,
  quoteAttributes,
  serviceId,
  servicePlanAttributes,
  servicePlanResource,
  toCatalog,
  toOrder,
  toServicePlan,
} from './schemas.js';
import { escalationResource, toEscalation } from '../escalations/schemas.js';
import { errorMessage } from '../../error-messages.js';

const idParam = z.object({ id: z.string().min(1).max(200) });

const listCatalog = createRoute({
  method: 'get',
  path: '/api/v1/catalog',
  tags: ['Orders'],
  summary: 'Plans and add-ons with prices and capacity',
  security: [{ embedToken: [] }],
  request: { query: z.object({ 'filter[product]': idSchema.optional() }) },
  responses: { 200: doc(z.object({ data: z.array(catalogResource) }), 'The catalog'), ...errorResponses(401) },
});
const putCatalog = createRoute({
  method: 'put',
  path: '/api/v1/catalog/{id}',
  tags: ['Orders'],
  summary: 'Create or change a plan or add-on (admin key or staff role)',
  // Either one: the type is widened because a two-entry literal defeats the route's input inference.
  security: [{ adminKey: [] }, { embedToken: [] }] as Record<string, string[]>[],
  request: {
    params: z.object({ id: idSchema }),
    body: body(z.object({ data: z.object({ type: z.literal('catalog-items'), attributes: catalogAttributes }) })),
  },
  responses: { 200: doc(z.object({ data: catalogResource }), 'Saved'), ...errorResponses(400, 401, 403, 415, 422) },
});
const putServicePlan = createRoute({
  method: 'put',
  path: '/api/v1/tenants/{tenantId}/service-plans/{serviceId}',
  tags: ['Tenants'],
  summary: "Set the plan a tenant's service is on, its billing day and renewal date",
  security: [{ adminKey: [] }],
  request: {
    params: z.object({ tenantId: idSchema, serviceId }),
    body: body(z.object({ data: z.object({ type: z.literal('service-plans'), attributes: servicePlanAttributes }) })),
  },
  responses: { 200: doc(z.object({ data: servicePlanResource }), 'Saved'), ...errorResponses(400, 401, 404, 415, 422) },
});
const listServicePlans = createRoute({
  method: 'get',
  path: '/api/v1/service-plans',
  tags: ['Orders'],
  summary: "The tenant's services with their plan, add-ons, billing day and renewal date",
  security: [{ embedToken: [] }],
  responses: { 200: doc(z.object({ data: z.array(servicePlanResource) }), 'Services'), ...errorResponses(401) },
});
const planOptions = createRoute({
  method: 'get',
  path: '/api/v1/service-plans/{id}/options',
  tags: ['Orders'],
  summary: 'Plans a service can move to, against its last 30 days of usage',
  description:
    '`utilisation` is the 30-day peak divided by the plan capacity per metric; `fits` when every peak stays under 90 %. One option is `recommended`.',
  security: [{ embedToken: [] }],
  request: {
    params: idParam,
    query: z.object({
      type: orderType,
      metric: z.enum(METRICS).optional().openapi({ description: 'The metric that hit its limit, to recommend for.' }),
    }),
  },
  responses: {
    200: doc(
      z.object({
        data: z.array(
          z.object({
            type: z.literal('plan-options'),
            id: z.string(),
            attributes: z.object({
              item: catalogAttributes.extend({ id: z.string() }),
              utilisation: z.record(z.string(), z.number().nullable()),
              fits: z.boolean(),
              recommended: z.boolean(),
            }),
          }),
        ),
        meta: z.object({
          current: catalogAttributes.extend({ id: z.string() }),
          peaks: z.record(z.string(), z.number()),
          service: servicePlanAttributes.extend({ serviceId: z.string(), monthlyAmount: money }),
        }),
      }),
      'Options',
    ),
    ...errorResponses(400, 401, 404, 409),
  },
});
const quote = createRoute({
  method: 'post',
  path: '/api/v1/order-quotes',
  tags: ['Orders'],
  summary: 'Price an order: proration to the next billing date and revenue codes, nothing placed',
  security: [{ embedToken: [] }],
  request: { body: body(z.object({ data: z.object({ type: z.literal('order-quotes'), attributes: orderInput }) })) },
  responses: {
    200: doc(z.object({ data: z.object({ type: z.literal('order-quotes'), id: z.string(), attributes: quoteAttributes }) }), 'The quote'),
    ...errorResponses(400, 401, 404, 409, 415, 422),
  },
});
const placeOrder = createRoute({
  method: 'post',
  path: '/api/v1/orders',
  tags: ['Orders'],
  summary: 'Place an order (billing role); requires Idempotency-Key',
  description:
    'Self-serve orders are approved and provisioned at once; downgrades, hardware refreshes, large amounts and types that contradict the change wait for the account manager.',
  security: [{ embedToken: [] }],
  request: {
    headers: z.object({ 'idempotency-key': z.string().min(8).max(255).openapi({ description: 'Unique per order attempt, e.g. a UUID.' }) }),
    body: body(z.object({ data: z.object({ type: z.literal('orders'), attributes: orderInput }) })),
  },
  responses: {
    201: doc(z.object({ data: orderResource }), 'Placed (or the earlier answer to the same key)'),
    ...errorResponses(400, 401, 403, 404, 409, 415, 422),
  },
});
const listOrders = createRoute({
  method: 'get',
  path: '/api/v1/orders',
  tags: ['Orders'],
  summary: "The tenant's orders, newest first, with their steps",
  security: [{ embedToken: [] }],
  responses: { 200: doc(z.object({ data: z.array(orderResource) }), 'Orders'), ...errorResponses(401) },
});
const getOrder = createRoute({
  method: 'get',
  path: '/api/v1/orders/{id}',
  tags: ['Orders'],
  summary: 'One order',
  security: [{ embedToken: [] }],
  request: { params: idParam },
  responses: { 200: doc(z.object({ data: orderResource }), 'The order'), ...errorResponses(401, 404) },
});
const cancelOrder = createRoute({
  method: 'post',
  path: '/api/v1/orders/{id}/cancel',
  tags: ['Orders'],
  summary: 'Withdraw an order before it is carried out (billing role)',
  description:
    'Possible while the order is submitted, in review, or approved and waiting for its time (`scheduledFor`); nothing was charged for it yet. An order already being carried out or done is a 409 (`order_in_fulfilment`, `order_closed`).',
  security: [{ embedToken: [] }],
  request: { params: idParam },
  responses: { 200: doc(z.object({ data: orderResource }), 'Cancelled'), ...errorResponses(401, 403, 404, 409) },
});
const attest = createRoute({
  method: 'post',
  path: '/api/v1/orders/{id}/attestation',
  tags: ['Orders'],
  summary: 'Attest that the returned device was wiped (technical or billing role)',
  security: [{ embedToken: [] }],
  request: {
    params: idParam,
    body: body(
      z.object({
        data: z.object({
          type: z.literal('attestations'),
          attributes: z.object({
            wiped: z.literal(true).openapi({ description: 'Must be true.' }),
            statement: plainText(2000).default(''),
          }),
        }),
      }),
    ),
  },
  responses: { 200: doc(z.object({ data: orderResource }), 'Attested'), ...errorResponses(401, 403, 404, 409, 415, 422) },
});
const label = createRoute({
  method: 'get',
  path: '/api/v1/orders/{id}/label.pdf',
  tags: ['Orders'],
  summary: 'The return shipping label (PDF)',
  security: [{ embedToken: [] }],
  request: { params: idParam },
  responses: {
    200: { description: 'PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...errorResponses(401, 404),
  },
});
const review = createRoute({
  method: 'post',
  path: '/api/v1/orders/{id}/review',
  tags: ['Orders'],
  summary:
    "The account manager's decision (staff role): approve, schedule, reject, cancel, answer, recode, ship, delivered, device-received, complete",
  description:
    "`schedule` approves an order in review for a day (or moves the day of an approved one that waits); it runs then, with the amount its quote showed. A hardware refresh waits in `awaiting_delivery` after approval: `ship` records the new device's carrier and tracking number, `delivered` moves the contract to the new model (and bills the difference) and starts the old device's return.",
  security: [{ embedToken: [] }],
  request: {
    params: idParam,
    body: body(
      z.object({
        data: z.object({
          type: z.literal('order-reviews'),
          attributes: z.discriminatedUnion('action', [
            z.object({ action: z.literal('approve'), message: plainText(4000).optional() }),
            z.object({ action: z.literal('reject'), message: plainText(4000).pipe(z.string().trim().min(1, 'say why')) }),
            z.object({ action: z.literal('cancel'), message: plainText(4000).optional() }),
            z.object({ action: z.literal('answer'), message: plainText(4000).pipe(z.string().trim().min(1)) }),
            z.object({ action: z.literal('recode'), type: orderType, message: plainText(4000).optional() }),
            z.object({
              action: z.literal('ship'),
              carrier: plainText(200).pipe(z.string().trim().min(1)),
              trackingNumber: plainText(200).pipe(z.string().trim().min(1)),
              message: plainText(4000).optional(),
            }),
            z.object({ action: z.literal('delivered'), message: plainText(4000).optional() }),
            z.object({
              action: z.literal('schedule'),
              on: z.iso
                .date()
                .openapi({ description: 'The day the change takes effect (start of the day in the billing time zone); today or later.' }),
              message: plainText(4000).optional(),
            }),
            z.object({ action: z.literal('device-received'), message: plainText(4000).optional() }),
            z.object({ action: z.literal('complete'), message: plainText(4000).optional() }),
          ]),
        }),
      }),
    ),
  },
  responses: {
    200: doc(z.object({ data: orderResource }), 'The order after the decision'),
    ...errorResponses(401, 403, 404, 409, 415, 422),
  },
});
const reviewQueue = createRoute({
  method: 'get',
  path: '/api/v1/review-queue',
  tags: ['Orders'],
  summary: "What waits for the account manager on this account (staff role), with the customer's context",
  security: [{ embedToken: [] }],
  responses: {
    200: doc(
      z.object({
        data: z.array(z.union([orderResource, escalationResource])),
        meta: z.object({ tenant: z.object({ id: z.string(), name: z.string() }), services: z.array(servicePlanResource) }),
      }),
      'The queue, oldest first',
    ),
    ...errorResponses(401, 403),
  },
});
export function orderRoutes(app: OpenAPIHono<HostEnv>, auth: AuthConfig, deps: Pick<HostServices, 'orders' | 'tenants' | 'escalations'>) {
  const anyone = requireToken(auth);
  const staff = requireToken(auth, { roles: ['staff'] });
  const tokenRoutes = ['/api/v1/service-plans', '/api/v1/service-plans/*', '/api/v1/order-quotes', '/api/v1/orders', '/api/v1/orders/*'];
  // The catalog is every tenant's: a tenant-scoped staff token must not change it.
  const maintainer = requireAdminOrOperator(auth);
  const catalogAccess = readsAndWrites(anyone, maintainer);
  for (const path of ['/api/v1/catalog', '/api/v1/catalog/*']) app.use(path, catalogAccess);
  app.use('/api/v1/tenants/*/service-plans/*', requireAdmin(auth));
  for (const path of tokenRoutes) app.use(path, anyone);
  app.use('/api/v1/review-queue', staff);

  app.openapi(listCatalog, async (c) => {
    const product = c.req.valid('query')['filter[product]'];
    const items = await deps.orders.catalog.list();
    return c.json({ data: items.filter((i) => !product || i.product === product).map(toCatalog) }, 200);
  });
  app.openapi(putCatalog, async (c) => {
    const { id } = c.req.valid('param');
    const a = c.req.valid('json').data.attributes;
    if (a.kind === 'addon' && Object.keys(a.flavors).length)
      throw new ValidationError(errorMessage('invalid.addon_flavors'), '/data/attributes/flavors');
    const item: CatalogItem = { id, ...a, currency: a.currency.toUpperCase() };
    await deps.orders.catalog.upsert(item);
    return c.json({ data: toCatalog(item) }, 200);
  });
  app.openapi(putServicePlan, async (c) => {
    const { tenantId, serviceId: id } = c.req.valid('param');
    const a = c.req.valid('json').data.attributes;
    const { tenants, orders } = deps;
    if (!(await tenants.get(tenantId))) throw new ApiError(404, errorMessage('not_found.tenant', { tenant: tenantId }));
    const plan = await orders.catalog.get(a.planId);
    if (!plan) throw new ValidationError(errorMessage('invalid.not_in_catalog', { id: a.planId }), '/data/attributes/planId');
    const saved: ServicePlan = { serviceId: id, ...a, monthlyAmount: a.monthlyAmount ?? plan.monthlyAmount };
    await orders.catalog.setServicePlan(tenantId, saved);
    return c.json({ data: toServicePlan(saved, plan) }, 200);
  });
  app.openapi(listServicePlans, async (c) => {
    const { catalog } = deps.orders;
    const [plans, items] = await Promise.all([catalog.servicePlans(c.get('auth').tenant), catalog.list({ includeInactive: true })]);
    const byId = new Map(items.map((i) => [i.id, i]));
    return c.json({ data: plans.map((p) => toServicePlan(p, byId.get(p.planId))) }, 200);
  });
  app.openapi(planOptions, async (c) => {
    const q = c.req.valid('query');
    const result = await deps.orders.catalog.options(c.get('auth').tenant, c.req.valid('param').id, q.type, q.metric);
    return c.json(
      {
        data: result.options.map((o: PlanOption) => ({
          type: 'plan-options' as const,
          id: o.item.id,
          attributes: { ...o, utilisation: o.utilisation as Record<string, number | null> },
        })),
        meta: { current: result.current, peaks: result.peaks as Record<string, number>, service: result.service },
      },
      200,
    );
  });
  app.openapi(quote, async (c) => {
    const q: Quote = await deps.orders.quote(c.get('auth').tenant, c.req.valid('json').data.attributes);
    return c.json({ data: { type: 'order-quotes' as const, id: `${q.serviceId}:${q.type}`, attributes: q } }, 200);
  });
  app.openapi(placeOrder, async (c) => {
    if (!c.get('auth').roles.includes('billing')) throw forbidden('billing');
    const key = c.req.valid('header')['idempotency-key'];
    const { order, replayed } = await deps.orders.place(c.get('auth').tenant, c.get('auth').user, key, c.req.valid('json').data.attributes);
    c.header('Location', `/api/v1/orders/${encodeURIComponent(order.id)}`);
    c.header('Idempotency-Replayed', String(replayed));
    return c.json({ data: toOrder(order) }, 201);
  });
  app.openapi(listOrders, async (c) => c.json({ data: (await deps.orders.list(c.get('auth').tenant)).map(toOrder) }, 200));
  app.openapi(getOrder, async (c) => c.json({ data: toOrder(await deps.orders.get(c.get('auth').tenant, c.req.valid('param').id)) }, 200));
  app.openapi(cancelOrder, async (c) => {
    if (!c.get('auth').roles.includes('billing')) throw forbidden('billing');
    return c.json({ data: toOrder(await deps.orders.cancel(c.get('auth').tenant, c.get('auth').user, c.req.valid('param').id)) }, 200);
  });
  app.openapi(attest, async (c) => {
    const { roles } = c.get('auth');
    if (!roles.includes('technical') && !roles.includes('billing')) throw forbidden('technical', 'billing');
    const { statement } = c.req.valid('json').data.attributes;
    return c.json(
      { data: toOrder(await deps.orders.attest(c.get('auth').tenant, c.get('auth').user, c.req.valid('param').id, statement)) },
      200,
    );
  });
  app.openapi(label, async (c) => {
    const { filename, pdf } = await deps.orders.label(c.get('auth').tenant, c.req.valid('param').id);
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'private, no-store',
    }) as never;
  });
  app.openapi(review, async (c) => {
    if (!c.get('auth').roles.includes('staff')) throw forbidden('staff');
    const decision = c.req.valid('json').data.attributes;
    return c.json(
      { data: toOrder(await deps.orders.review(c.get('auth').tenant, c.get('auth').user, c.req.valid('param').id, decision)) },
      200,
    );
  });
  app.openapi(reviewQueue, async (c) => {
    const { orders, tenants, escalations } = deps;
    const tenant = c.get('auth').tenant;
    const [queue, open, plans, items, t] = await Promise.all([
      orders.queue(tenant),
      escalations.list(tenant, { open: true }),
      orders.catalog.servicePlans(tenant),
      orders.catalog.list({ includeInactive: true }),
      tenants.get(tenant),
    ]);
    const byId = new Map(items.map((i) => [i.id, i]));
    const data = [...queue.map(toOrder), ...open.map(toEscalation)].sort((a, b) =>
      a.attributes.createdAt.localeCompare(b.attributes.createdAt),
    );
    return c.json(
      { data, meta: { tenant: { id: tenant, name: t?.name ?? tenant }, services: plans.map((p) => toServicePlan(p, byId.get(p.planId))) } },
      200,
    );
  });
}
