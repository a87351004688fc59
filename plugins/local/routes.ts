import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  JSON_API,
  ValidationError,
  body,
  doc,
  errorResponses,
  idSchema,
  notFound,
  writeJson,
  type HostEnv,
  type PluginRouteContext,
} from '@glasspane/host';
import { localDb, type LocalDb } from './tables.js';

/** The source name of this plugin's providers (protection restores are recorded under it). */
const SOURCE = 'local';

// The provider's tooling reports into the local plugin's tables through these routes: the
// subscriptions it invoices, backup runs (account events), snapshots and restore outcomes
// (protection), and it picks up the snapshots and restores customers asked for.

export const subscriptionAttributes = z.object({
  description: z.string().trim().min(1).max(300),
  quantity: z.number().int().min(1).max(100_000),
  unitAmount: z.number().int().min(0).openapi({ description: 'Minor units.' }),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
  intervalMonths: z.number().int().min(1).max(36).default(1),
  taxRateBp: z.number().int().min(0).max(10_000).default(0).openapi({ description: 'Basis points: 1900 = 19 %.' }),
  nextInvoiceOn: z.iso.date(),
  active: z.boolean().default(true),
});

export type SubscriptionAttributes = z.infer<typeof subscriptionAttributes>;

const putSubscription = createRoute({
  method: 'put',
  path: '/api/v1/tenants/{tenantId}/subscriptions/{subscriptionId}',
  tags: ['Tenants'],
  summary: 'Create or update a subscription the local billing provider invoices',
  security: [{ adminKey: [] }],
  request: {
    params: z.object({ tenantId: idSchema, subscriptionId: idSchema }),
    body: {
      required: true,
      content: {
        [JSON_API]: { schema: z.object({ data: z.object({ type: z.literal('subscriptions'), attributes: subscriptionAttributes }) }) },
      },
    },
  },
  responses: {
    200: {
      description: 'Saved',
      content: {
        [JSON_API]: {
          schema: z.object({ data: z.object({ type: z.literal('subscriptions'), id: z.string(), attributes: subscriptionAttributes }) }),
        },
      },
    },
    ...errorResponses(400, 401, 404, 415, 422),
  },
});

const putBackupRun = createRoute({
  method: 'put',
  path: '/api/v1/tenants/{tenantId}/backup-runs/{runId}',
  tags: ['Tenants'],
  summary: "Report a backup run of a tenant's service (the provider's backup system; local event source)",
  security: [{ adminKey: [] }],
  request: {
    params: z.object({ tenantId: idSchema, runId: idSchema }),
    body: body(
      z.object({
        data: z.object({
          type: z.literal('backup-runs'),
          attributes: z.object({
            serviceId: z.string().min(1).max(200),
            serviceName: z.string().min(1).max(200),
            startedAt: z.iso.datetime({ offset: true }),
            finishedAt: z.iso.datetime({ offset: true }).nullable().default(null),
            status: z.enum(['ok', 'failed']),
            bytes: z.number().int().min(0).nullable().default(null),
          }),
        }),
      }),
    ),
  },
  responses: { 204: { description: 'Recorded' }, ...errorResponses(400, 401, 404, 415, 422) },
});

// The `local` provider's tooling: it reports snapshots and restore outcomes, and picks up requests.
const putSnapshot = createRoute({
  method: 'put',
  path: '/api/v1/tenants/{tenantId}/snapshots/{snapshotId}',
  tags: ['Protection'],
  summary: "Report a snapshot of a tenant's server, or confirm a requested one (the provider's tooling; local protection provider)",
  security: [{ adminKey: [] }],
  request: {
    params: z.object({ tenantId: idSchema, snapshotId: z.string().min(1).max(64) }),
    body: body(
      z.object({
        data: z.object({
          type: z.literal('protection-snapshots'),
          attributes: z.object({
            serverId: z.string().min(1).max(200),
            name: z.string().min(1).max(200),
            takenAt: z.iso.datetime({ offset: true }),
            expiresAt: z.iso.datetime({ offset: true }).nullable().default(null),
            consistency: z.enum(['crash', 'vm']).default('crash'),
            origin: z.enum(['manual', 'scheduled']).default('scheduled'),
            state: z.enum(['ok', 'pending', 'failed']),
            replicatedAt: z.iso.datetime({ offset: true }).nullable().default(null),
          }),
        }),
      }),
    ),
  },
  responses: { 204: { description: 'Recorded' }, ...errorResponses(400, 401, 404, 415, 422) },
});
const putRestoreOutcome = createRoute({
  method: 'put',
  path: '/api/v1/tenants/{tenantId}/restores/{restoreId}',
  tags: ['Protection'],
  summary: "Report the progress or outcome of a requested test restore (the provider's tooling; local protection provider)",
  security: [{ adminKey: [] }],
  request: {
    params: z.object({
      tenantId: idSchema,
      restoreId: z.string().min(1).max(200).openapi({ description: 'The id from protection-requests (`local-…`).' }),
    }),
    body: body(
      z.object({
        data: z.object({
          type: z.literal('protection-restores'),
          attributes: z.object({
            status: z.enum(['running', 'succeeded', 'failed']),
            progress: z.number().int().min(0).max(100).nullable().default(null),
            message: z.string().max(2000).nullable().default(null),
          }),
        }),
      }),
    ),
  },
  responses: { 204: { description: 'Recorded' }, ...errorResponses(400, 401, 404, 415, 422) },
});
const listRequests = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{tenantId}/protection-requests',
  tags: ['Protection'],
  summary: "Snapshots and test restores customers asked for that the provider's tooling has not answered yet (local protection provider)",
  security: [{ adminKey: [] }],
  request: { params: z.object({ tenantId: idSchema }) },
  responses: {
    200: doc(
      z.object({
        data: z.array(
          z.union([
            z.object({
              type: z.literal('protection-snapshots'),
              id: z.string(),
              attributes: z.object({ serverId: z.string(), name: z.string(), requestedAt: z.string(), expiresAt: z.string().nullable() }),
            }),
            z.object({
              type: z.literal('protection-restores'),
              id: z.string(),
              attributes: z.object({ serverId: z.string(), snapshotId: z.string(), targetName: z.string(), requestedAt: z.string() }),
            }),
          ]),
        ),
      }),
      'Open requests',
    ),
    ...errorResponses(401, 404),
  },
});

/** Creates or updates a subscription (the route and the demo's seed). */
export async function saveSubscription(db: LocalDb, tenantId: string, subscriptionId: string, a: SubscriptionAttributes): Promise<void> {
  const row = {
    tenant_id: tenantId,
    description: a.description,
    quantity: a.quantity,
    unit_amount: a.unitAmount,
    currency: a.currency,
    interval_months: a.intervalMonths,
    tax_rate_bp: a.taxRateBp,
    next_invoice_on: a.nextInvoiceOn,
    anchor_day: Number(a.nextInvoiceOn.slice(8, 10)),
    active: a.active ? 1 : 0,
  };
  const owner = await db.selectFrom('subscriptions').select('tenant_id').where('id', '=', subscriptionId).executeTakeFirst();
  if (owner && owner.tenant_id !== tenantId) throw notFound('subscription', subscriptionId);
  await db
    .insertInto('subscriptions')
    .values({ id: subscriptionId, ...row })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
}

/** Mounted by the host (`PluginDefinition.routes`) after its own routes. */
export function localRoutes(app: OpenAPIHono<HostEnv>, context: PluginRouteContext): void {
  const admin = context.requireAdmin();
  // Param, not `*`, for the tenant where the host's protection routes had it: Hono's RegExpRouter
  // cannot hold `*` and `:tenantId` at one place of the same path (see host/features/protection/routes.ts).
  app.use('/api/v1/tenants/:tenantId/subscriptions/*', admin);
  app.use('/api/v1/tenants/*/backup-runs/*', admin);
  for (const path of [
    '/api/v1/tenants/:tenantId/snapshots/*',
    '/api/v1/tenants/:tenantId/restores/*',
    '/api/v1/tenants/:tenantId/protection-requests',
  ])
    app.use(path, admin);

  app.openapi(putSubscription, async (c) => {
    const { tenantId, subscriptionId } = c.req.valid('param');
    const a = c.req.valid('json').data.attributes;
    const { tenants, db } = context.services;
    if (!(await tenants.get(tenantId))) throw notFound('tenant', tenantId);
    await saveSubscription(localDb(db), tenantId, subscriptionId, a);
    return c.json({ data: { type: 'subscriptions' as const, id: subscriptionId, attributes: a } }, 200);
  });

  app.openapi(putBackupRun, async (c) => {
    const { tenantId, runId } = c.req.valid('param');
    const a = c.req.valid('json').data.attributes;
    const { tenants } = context.services;
    const db = localDb(context.services.db);
    if (!(await tenants.get(tenantId))) throw notFound('tenant', tenantId);
    if (a.finishedAt && a.finishedAt < a.startedAt)
      throw new ValidationError('finishedAt is before startedAt.', '/data/attributes/finishedAt');
    const values = {
      service_id: a.serviceId,
      service_name: a.serviceName,
      started_at: new Date(a.startedAt).toISOString(),
      finished_at: a.finishedAt && new Date(a.finishedAt).toISOString(),
      status: a.status,
      bytes: a.bytes,
    };
    await db
      .insertInto('local_backup_runs')
      .values({ id: runId, tenant_id: tenantId, ...values })
      .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet(values))
      .execute();
    return c.body(null, 204);
  });

  app.openapi(putSnapshot, async (c) => {
    const { tenantId, snapshotId } = c.req.valid('param');
    const a = c.req.valid('json').data.attributes;
    const { tenants, protection } = context.services;
    const db = localDb(context.services.db);
    if (!(await tenants.get(tenantId))) throw notFound('tenant', tenantId);
    const iso = (s: string | null) => s && new Date(s).toISOString();
    const values = {
      server_id: a.serverId,
      name: a.name,
      taken_at: iso(a.takenAt)!,
      expires_at: iso(a.expiresAt),
      consistency: a.consistency,
      origin: a.origin,
      state: a.state,
      replicated_at: iso(a.replicatedAt),
    };
    await db
      .insertInto('local_snapshots')
      .values({ id: snapshotId, tenant_id: tenantId, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
    if (protection.source === SOURCE) await protection.check(tenantId);
    return c.body(null, 204);
  });

  app.openapi(putRestoreOutcome, async (c) => {
    const { tenantId, restoreId } = c.req.valid('param');
    const a = c.req.valid('json').data.attributes;
    const { protection, now } = context.services;
    const db = localDb(context.services.db);
    const row = await db
      .selectFrom('protection_restores')
      .select(['id', 'status'])
      .where('tenant_id', '=', tenantId)
      .where('provider_id', '=', restoreId)
      .where('source', '=', SOURCE)
      .executeTakeFirst();
    if (!row) throw notFound('restore request', restoreId);
    if (row.status !== 'running')
      throw new ValidationError(`This restore already ${row.status}; its outcome cannot change.`, '/data/attributes/status');
    // Recorded where the local provider reads it; the host's run follows through refreshRestore.
    await db
      .updateTable('protection_restores')
      .set({ reported: writeJson({ ...a, at: now().toISOString() }) })
      .where('id', '=', row.id)
      .execute();
    await protection.refreshRestore(tenantId, row.id);
    return c.body(null, 204);
  });

  app.openapi(listRequests, async (c) => {
    const { tenantId } = c.req.valid('param');
    const { tenants } = context.services;
    const db = localDb(context.services.db);
    if (!(await tenants.get(tenantId))) throw notFound('tenant', tenantId);
    const [snapshots, restores] = await Promise.all([
      db
        .selectFrom('local_snapshots')
        .select(['id', 'server_id', 'name', 'taken_at', 'expires_at'])
        .where('tenant_id', '=', tenantId)
        .where('state', '=', 'pending')
        .orderBy('taken_at')
        .execute(),
      db
        .selectFrom('protection_restores')
        .select(['provider_id', 'server_id', 'snapshot_id', 'target_name', 'started_at'])
        .where('tenant_id', '=', tenantId)
        .where('source', '=', SOURCE)
        .where('status', '=', 'running')
        .orderBy('started_at')
        .execute(),
    ]);
    return c.json(
      {
        data: [
          ...snapshots.map((s) => ({
            type: 'protection-snapshots' as const,
            id: s.id,
            attributes: { serverId: s.server_id, name: s.name, requestedAt: s.taken_at, expiresAt: s.expires_at },
          })),
          ...restores.map((r) => ({
            type: 'protection-restores' as const,
            id: r.provider_id,
            attributes: { serverId: r.server_id, snapshotId: r.snapshot_id, targetName: r.target_name, requestedAt: r.started_at },
          })),
        ],
      },
      200,
    );
  });
}
