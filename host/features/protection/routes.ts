import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from '../../context.js';
import type { HostServices } from '../../container.js';
import { requireAdmin, requireToken, readsAndWrites, type AuthConfig } from '../../auth/middleware.js';
import { notFound } from '../../errors.js';
import { JSON_API, body, doc, errorResponses } from '../../jsonapi.js';
import type { RestoreRecord, ServerProtection } from './protection-service.js';
import type { ProtectionTier } from './recovery-point.js';
import type { ProtectionSnapshot } from '../../ports/protection-provider.js';
import { idSchema } from '../../schemas.js';

const serverId = z.string().min(1).max(200).openapi({ description: 'The server id (`openstack:…`).' });
const tierAttributes = z
  .object({
    name: z.string(),
    description: z.string(),
    currency: z.string(),
    monthlyAmount: z.number().openapi({ description: 'Minor units per month.' }),
    rpoMinutes: z.number().int().openapi({ description: 'Recovery point objective: the last good copy is never older.' }),
    snapshotEveryMinutes: z.number().int(),
    retentionDays: z.number().int(),
    replication: z.boolean(),
    testRestoreDays: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'A test restore is due this often; null when the tier includes none.' }),
    rank: z.number().int(),
  })
  .openapi('ProtectionTierAttributes');
const tierResource = z
  .object({ type: z.literal('protection-tiers'), id: z.string(), attributes: tierAttributes })
  .openapi('ProtectionTier');
const snapshotAttributes = z
  .object({
    name: z.string(),
    takenAt: z.string(),
    expiresAt: z.string().nullable(),
    consistency: z.enum(['crash', 'vm']),
    origin: z.enum(['manual', 'scheduled']),
    good: z.boolean(),
    pending: z.boolean(),
  })
  .openapi('ProtectionSnapshot');
const restoreAttributes = z
  .object({
    serverId: z.string(),
    serverName: z.string(),
    snapshotId: z.string(),
    targetName: z.string(),
    status: z.enum(['running', 'succeeded', 'failed']),
    progress: z.number().nullable(),
    message: z.string().nullable(),
    requestedBy: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('RestoreRunAttributes');
const restoreResource = z
  .object({ type: z.literal('protection-restores'), id: z.string(), attributes: restoreAttributes })
  .openapi('RestoreRun');
// The server's tier and last restore, inline with their ids: components of their own, so each can be it or null.
const serverTier = tierAttributes.extend({ id: z.string() }).openapi('ServerProtectionTier');
const serverRestore = restoreAttributes.extend({ id: z.string() }).openapi('ServerProtectionRestore');
const protectionAttributes = z
  .object({
    serverName: z.string(),
    region: z.string().nullable(),
    tier: z.union([serverTier, z.null()]),
    recovery: z.object({
      status: z
        .enum(['within', 'outside', 'never', 'unprotected', 'unknown'])
        .openapi({ description: '`unknown`: the storage could not be asked just now (see `error` and `meta.unavailable`).' }),
      reasons: z.array(z.enum(['no_snapshot', 'snapshot_late', 'replication_off', 'replication_broken', 'no_replica', 'replica_late'])),
      lastGoodSnapshotAt: z.string().nullable(),
      lastReplicaAt: z.string().nullable(),
      snapshotAgeMinutes: z.number().nullable(),
      replicaAgeMinutes: z.number().nullable(),
      testRestoreDue: z.boolean(),
    }),
    replication: z
      .object({
        state: z.enum(['off', 'ok', 'lagging', 'broken']),
        target: z.string().nullable(),
        lastReplicaAt: z.string().nullable(),
        message: z.string().nullable(),
      })
      .nullable(),
    snapshots: z.array(snapshotAttributes.extend({ id: z.string() })),
    lastRestore: z.union([serverRestore, z.null()]),
    inContract: z.boolean().openapi({ description: 'The server has a service plan, so a tier can be ordered for it.' }),
    error: z.string().nullable().openapi({ description: 'Why the provider could not be asked this time; the rest is still shown.' }),
  })
  .openapi('ServerProtectionAttributes');
const protectionResource = z
  .object({ type: z.literal('server-protections'), id: z.string(), attributes: protectionAttributes })
  .openapi('ServerProtection');
const unavailable = z.array(z.object({ source: z.string(), code: z.string(), detail: z.string() }));

const snapshotOut = (s: ProtectionSnapshot) => ({ ...s, pending: !!s.pending });
const toTier = ({ id, ...attributes }: ProtectionTier) => ({ type: 'protection-tiers' as const, id, attributes });
const toRestore = ({ hostId, id: _providerId, ...attributes }: RestoreRecord) => ({
  type: 'protection-restores' as const,
  id: hostId,
  attributes,
});
const restoreOut = ({ hostId, id: _providerId, ...rest }: RestoreRecord) => ({ id: hostId, ...rest });
const toProtection = ({ serverId: id, snapshots, lastRestore, ...rest }: ServerProtection) => ({
  type: 'server-protections' as const,
  id,
  attributes: { ...rest, snapshots: snapshots.map(snapshotOut), lastRestore: lastRestore && restoreOut(lastRestore) },
});

const listTiers = createRoute({
  method: 'get',
  path: '/api/v1/protection/tiers',
  tags: ['Protection'],
  summary: 'Protection tiers with their recovery point, retention and price (catalog add-ons of the dr-protection group)',
  security: [{ embedToken: [] }],
  responses: { 200: doc(z.object({ data: z.array(tierResource) }), 'The tiers, cheapest first'), ...errorResponses(401) },
});
const putTier = createRoute({
  method: 'put',
  path: '/api/v1/protection/tiers/{itemId}',
  tags: ['Protection'],
  summary: 'Make a catalog add-on a protection tier, or change its objective (admin key)',
  security: [{ adminKey: [] }],
  request: {
    params: z.object({ itemId: idSchema }),
    body: body(
      z.object({
        data: z.object({
          type: z.literal('protection-tiers'),
          attributes: z.object({
            rpoMinutes: z
              .number()
              .int()
              .min(1)
              .max(30 * 1440),
            snapshotEveryMinutes: z
              .number()
              .int()
              .min(1)
              .max(30 * 1440),
            retentionDays: z.number().int().min(1).max(3650),
            replication: z.boolean().default(false),
            testRestoreDays: z.number().int().min(1).max(366).nullable().default(null),
          }),
        }),
      }),
    ),
  },
  responses: { 200: doc(z.object({ data: tierResource }), 'The tier'), ...errorResponses(400, 401, 404, 415, 422) },
});
const listServers = createRoute({
  method: 'get',
  path: '/api/v1/protection/servers',
  tags: ['Protection'],
  summary: "The tenant's servers with their tier, last good snapshot and replica, and recovery point status",
  security: [{ embedToken: [] }],
  responses: {
    200: doc(
      z.object({ data: z.array(protectionResource), meta: z.object({ unavailable, source: z.string().nullable() }) }),
      'Protection per server',
    ),
    ...errorResponses(401),
  },
});
const getServer = createRoute({
  method: 'get',
  path: '/api/v1/protection/servers/{id}',
  tags: ['Protection'],
  summary: "One server's protection",
  security: [{ embedToken: [] }],
  request: { params: z.object({ id: serverId }) },
  responses: { 200: doc(z.object({ data: protectionResource }), "The server's protection"), ...errorResponses(401, 404, 503) },
});
const takeSnapshot = createRoute({
  method: 'post',
  path: '/api/v1/protection/servers/{id}/snapshots',
  tags: ['Protection'],
  summary: 'Take a snapshot now (technical role)',
  description: "Answers 201 with the snapshot and, in meta, the server's protection measured again; a `protection` stream event follows.",
  security: [{ embedToken: [] }],
  request: { params: z.object({ id: serverId }) },
  responses: {
    201: doc(
      z.object({
        data: z.object({ type: z.literal('protection-snapshots'), id: z.string(), attributes: snapshotAttributes }),
        meta: z.object({ protection: protectionResource }),
      }),
      'Taken',
    ),
    ...errorResponses(401, 403, 404, 409, 502, 503),
  },
});
const startRestore = createRoute({
  method: 'post',
  path: '/api/v1/protection/servers/{id}/restores',
  tags: ['Protection'],
  summary: 'Test-restore a snapshot to a new server beside production (technical role)',
  description:
    'Answers 202 with the run; `protection` stream events carry its progress until the provider reports the outcome. Without `snapshotId` the newest good snapshot is restored.',
  security: [{ embedToken: [] }],
  request: {
    params: z.object({ id: serverId }),
    body: {
      required: false,
      content: {
        [JSON_API]: {
          schema: z.object({
            data: z.object({
              type: z.literal('protection-restores'),
              attributes: z.object({ snapshotId: z.string().min(1).max(200).optional() }).prefault({}),
            }),
          }),
        },
      },
    },
  },
  responses: { 202: doc(z.object({ data: restoreResource }), 'Started'), ...errorResponses(400, 401, 403, 404, 409, 415, 422, 502, 503) },
});
const getRestore = createRoute({
  method: 'get',
  path: '/api/v1/protection/restores/{restoreId}',
  tags: ['Protection'],
  summary: 'A test restore run',
  security: [{ embedToken: [] }],
  request: { params: z.object({ restoreId: z.string().min(1).max(64) }) },
  responses: { 200: doc(z.object({ data: restoreResource }), 'The run'), ...errorResponses(401, 404) },
});

export function protectionRoutes(
  app: OpenAPIHono<HostEnv>,
  auth: AuthConfig,
  deps: Pick<HostServices, 'db' | 'now' | 'protection' | 'tenants'>,
) {
  const reader = requireToken(auth);
  const technical = requireToken(auth, { roles: ['technical'] });
  const admin = requireAdmin(auth);
  // Hono's `/tiers/*` also matches `/tiers`: readers list, the admin key writes.
  app.use('/api/v1/protection/tiers/*', readsAndWrites(reader, admin));
  app.use('/api/v1/protection/servers', reader);
  app.use('/api/v1/protection/restores/*', reader);
  app.use('/api/v1/protection/servers/*', readsAndWrites(reader, technical));

  app.openapi(listTiers, async (c) => c.json({ data: (await deps.protection.tiers()).map(toTier) }, 200));

  app.openapi(putTier, async (c) => {
    const tier = await deps.protection.setTier(c.req.valid('param').itemId, c.req.valid('json').data.attributes);
    return c.json({ data: toTier(tier) }, 200);
  });

  app.openapi(listServers, async (c) => {
    const { protection } = deps;
    const result = await protection.overview(c.get('auth').tenant, c.req.raw.signal);
    return c.json({ data: result.items.map(toProtection), meta: { unavailable: result.unavailable, source: protection.source } }, 200);
  });

  app.openapi(getServer, async (c) =>
    c.json({ data: toProtection(await deps.protection.server(c.get('auth').tenant, c.req.valid('param').id, c.req.raw.signal)) }, 200),
  );

  app.openapi(takeSnapshot, async (c) => {
    const { snapshot, protection } = await deps.protection.snapshotNow(c.get('auth').tenant, c.req.valid('param').id, c.get('auth').user);
    const { id, ...attributes } = snapshotOut(snapshot);
    return c.json({ data: { type: 'protection-snapshots' as const, id, attributes }, meta: { protection: toProtection(protection) } }, 201);
  });

  app.openapi(startRestore, async (c) => {
    // The body is optional: without one (or without a Content-Type) the validator has nothing to check.
    const snapshotId = (c.req.valid('json') as { data?: { attributes?: { snapshotId?: string } } } | undefined)?.data?.attributes
      ?.snapshotId;
    const run = await deps.protection.startTestRestore(c.get('auth').tenant, c.req.valid('param').id, c.get('auth').user, snapshotId);
    return c.json({ data: toRestore(run) }, 202);
  });

  app.openapi(getRestore, async (c) => {
    const { restoreId } = c.req.valid('param');
    const run = await deps.protection.restore(c.get('auth').tenant, restoreId);
    if (!run) throw notFound('restore', restoreId);
    return c.json({ data: toRestore(run) }, 200);
  });
}
