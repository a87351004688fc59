import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from '../../context.js';
import type { HostServices } from '../../container.js';
import { requireAdmin, requireToken, readsAndWrites, type AuthConfig } from '../../auth/middleware.js';
import { ApiError, notFound } from '../../errors.js';
import { JSON_API, errorResponses, linksSchema, pageQuery, paginate } from '../../jsonapi.js';
import { toResource } from './resources.js';
import type { NoticeInput, StatusNotice } from '../../ports/status-provider.js';
import { errorMessage } from '../../error-messages.js';
import { DEFAULT_LANGUAGE, LANGUAGE_TAG } from '../../language.js';

const noticeStatus = z.enum([
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'postmortem',
  'scheduled',
  'in_progress',
  'verifying',
  'completed',
]);
const impact = z.enum(['none', 'maintenance', 'minor', 'major', 'critical']);
const isoDate = z.iso.datetime({ offset: true });

const attributes = z
  .object({
    kind: z.enum(['incident', 'maintenance']),
    title: z.string(),
    status: noticeStatus,
    impact,
    phase: z.enum(['active', 'upcoming']),
    scheduledFor: z.string().nullable(),
    scheduledUntil: z.string().nullable(),
    startedAt: z.string().nullable(),
    updatedAt: z.string(),
    platformWide: z.boolean(),
    affectedServices: z.array(z.object({ id: z.string(), name: z.string() })),
    latestUpdate: z.object({ status: z.string(), body: z.string(), at: z.string() }).nullable(),
    url: z.string().nullable(),
    source: z.string(),
    locale: z.string().openapi({
      description:
        'The language `title` and `latestUpdate.body` are written in (BCP 47). Notices come from a status page in one ' +
        "language; elements mark one written in another language than the reader's.",
      example: 'en',
    }),
  })
  .openapi('MaintenanceAttributes');
const resource = z.object({ type: z.literal('maintenances'), id: z.string(), attributes }).openapi('Maintenance');
const unavailable = z.array(z.object({ source: z.string(), code: z.string(), detail: z.string(), stale: z.boolean() }));

const list = createRoute({
  method: 'get',
  path: '/api/v1/maintenances',
  tags: ['Status'],
  summary: 'Incidents and maintenance that affect the tenant, and platform-wide notices',
  description:
    'Active incidents and maintenance first (most serious first), then upcoming maintenance by start. ' +
    '`meta.unavailable` lists status sources that could not answer; their notices may be missing or stale.',
  security: [{ embedToken: [] }],
  request: {
    query: pageQuery.extend({ 'filter[phase]': z.enum(['active', 'upcoming']).optional() }),
  },
  responses: {
    200: {
      description: 'Notices',
      content: {
        [JSON_API]: {
          schema: z.object({
            data: z.array(resource),
            links: linksSchema,
            meta: z.object({ total: z.number(), page: z.object({ number: z.number(), size: z.number(), total: z.number() }), unavailable }),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403, 503),
  },
});

const getOne = createRoute({
  method: 'get',
  path: '/api/v1/maintenances/{id}',
  tags: ['Status'],
  summary: 'One notice, if it concerns the tenant',
  security: [{ embedToken: [] }],
  request: { params: z.object({ id: z.string().min(1).max(200) }) },
  responses: {
    200: { description: 'The notice', content: { [JSON_API]: { schema: z.object({ data: resource }) } } },
    ...errorResponses(401, 403, 404, 503),
  },
});

/** A notice's fields as staff write them; PATCH takes any of them and changes only those. */
const noticeFields = {
  kind: z.enum(['incident', 'maintenance']),
  title: z.string().trim().min(1).max(300),
  status: noticeStatus,
  impact: impact,
  componentIds: z.array(z.string().min(1).max(128)).max(100),
  scheduledFor: isoDate.nullable(),
  scheduledUntil: isoDate.nullable(),
  body: z.string().max(10_000),
  locale: z.string().regex(LANGUAGE_TAG).openapi({
    description: 'The language the title and text are written in (BCP 47); `en` when a notice is posted without one.',
    example: 'de',
  }),
};
/** POST: what is not given has its default. */
const writable = z.object({
  ...noticeFields,
  componentIds: noticeFields.componentIds.default([]),
  scheduledFor: noticeFields.scheduledFor.default(null),
  scheduledUntil: noticeFields.scheduledUntil.default(null),
  body: noticeFields.body.default(''),
  locale: noticeFields.locale.default(DEFAULT_LANGUAGE),
});
/** PATCH: no defaults, so a field left out keeps its value (a status change keeps the schedule and components). */
const patchable = z.object(noticeFields).partial();

const adminNotice = z.object({
  type: z.literal('maintenances'),
  id: z.string(),
  attributes: z.object({
    kind: z.string(),
    title: z.string(),
    status: z.string(),
    impact: z.string(),
    componentIds: z.array(z.string()),
    scheduledFor: z.string().nullable(),
    scheduledUntil: z.string().nullable(),
    updatedAt: z.string(),
    source: z.string(),
    locale: z.string(),
  }),
});

const create = createRoute({
  method: 'post',
  path: '/api/v1/maintenances',
  tags: ['Status'],
  summary: "Post a notice to the host's own (local) status source",
  security: [{ adminKey: [] }],
  request: {
    body: {
      required: true,
      content: { [JSON_API]: { schema: z.object({ data: z.object({ type: z.literal('maintenances'), attributes: writable }) }) } },
    },
  },
  responses: {
    201: { description: 'Created', content: { [JSON_API]: { schema: z.object({ data: adminNotice }) } } },
    ...errorResponses(400, 401, 409, 413, 415, 422),
  },
});

const update = createRoute({
  method: 'patch',
  path: '/api/v1/maintenances/{id}',
  tags: ['Status'],
  summary: 'Update a local notice (status, text, times); `body` adds an update',
  security: [{ adminKey: [] }],
  request: {
    params: z.object({ id: z.string().min(1).max(200) }),
    body: {
      required: true,
      content: {
        [JSON_API]: {
          schema: z.object({ data: z.object({ type: z.literal('maintenances'), id: z.string(), attributes: patchable }) }),
        },
      },
    },
  },
  responses: {
    200: { description: 'Updated', content: { [JSON_API]: { schema: z.object({ data: adminNotice }) } } },
    ...errorResponses(400, 401, 404, 409, 413, 415, 422),
  },
});

const toAdminResource = (source: string, n: StatusNotice) => ({
  type: 'maintenances' as const,
  id: `${source}:${n.id}`,
  attributes: {
    kind: n.kind,
    title: n.title,
    status: n.status,
    impact: n.impact,
    componentIds: n.componentIds,
    scheduledFor: n.scheduledFor,
    scheduledUntil: n.scheduledUntil,
    updatedAt: n.updatedAt,
    source,
    locale: n.locale || DEFAULT_LANGUAGE,
  },
});

function checkSchedule(input: Partial<NoticeInput>) {
  if (input.scheduledFor && input.scheduledUntil && Date.parse(input.scheduledUntil) <= Date.parse(input.scheduledFor)) {
    throw new ApiError(422, errorMessage('invalid.schedule_order'), {
      source: { pointer: '/data/attributes/scheduledUntil' },
    });
  }
}

export function maintenanceRoutes(app: OpenAPIHono<HostEnv>, auth: AuthConfig, deps: Pick<HostServices, 'maintenances' | 'noticeWriters'>) {
  const reader = requireToken(auth);
  const admin = requireAdmin(auth);
  const byMethod = readsAndWrites(reader, admin);
  app.use('/api/v1/maintenances', byMethod);
  app.use('/api/v1/maintenances/*', byMethod);

  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const view = await deps.maintenances.listForTenant(c.get('auth').tenant, { signal: c.req.raw.signal });
    const phase = query['filter[phase]'];
    const items = phase ? view.items.filter((m) => m.attributes.phase === phase) : view.items;
    const page = paginate(items.map(toResource), { number: query['page[number]'], size: query['page[size]'] }, c.req.url);
    return c.json({ data: page.data, links: page.links, meta: { ...page.meta, unavailable: view.unavailable } }, 200);
  });

  app.openapi(getOne, async (c) => {
    const { id } = c.req.valid('param');
    const view = await deps.maintenances.listForTenant(c.get('auth').tenant, { signal: c.req.raw.signal });
    const found = view.items.find((m) => m.id === id);
    if (!found) throw notFound('maintenance', id);
    return c.json({ data: toResource(found) }, 200);
  });

  app.openapi(create, async (c) => {
    const writer = deps.noticeWriters[0];
    if (!writer) throw new ApiError(409, errorMessage('no_writable_source'));
    const input = c.req.valid('json').data.attributes;
    checkSchedule(input);
    const notice = await writer.createNotice(input);
    await deps.maintenances.refresh();
    return c.json({ data: toAdminResource(writer.source, notice) }, 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json').data;
    if (body.id !== id) {
      throw new ApiError(409, errorMessage('id_mismatch'), { source: { pointer: '/data/id' } });
    }
    const [source, ...rest] = id.split(':');
    const writer = deps.noticeWriters.find((w) => w.source === source);
    if (!writer) {
      throw new ApiError(409, errorMessage('read_only_source', { source: source ?? '' }));
    }
    checkSchedule(body.attributes);
    const notice = await writer.updateNotice(rest.join(':'), body.attributes);
    if (!notice) throw notFound('maintenance', id);
    await deps.maintenances.refresh();
    return c.json({ data: toAdminResource(writer.source, notice) }, 200);
  });
}
