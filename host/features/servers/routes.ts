import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from '../../context.js';
import type { HostServices } from '../../container.js';
import { requireToken, readsAndWrites, type AuthConfig } from '../../auth/middleware.js';
import { JSON_API, errorResponses, linksSchema, pageQuery, paginate } from '../../jsonapi.js';
import { toServerResource } from './resources.js';

const serverStatus = z.enum(['active', 'building', 'stopped', 'rebooting', 'paused', 'suspended', 'busy', 'error', 'deleted', 'unknown']);
const flavor = z.object({ id: z.string(), name: z.string(), vcpus: z.number(), ramMb: z.number(), diskGb: z.number() }).openapi('Flavor');
const serverAttributes = z
  .object({
    name: z.string(),
    status: serverStatus,
    providerStatus: z.string(),
    task: z.string().nullable().openapi({ description: 'What the provider is doing (powering-off, …); null when settled.' }),
    flavor: flavor.nullable(),
    image: z.object({ id: z.string(), name: z.string() }).nullable(),
    addresses: z.array(
      z.object({
        address: z.string(),
        version: z.union([z.literal(4), z.literal(6)]),
        type: z.enum(['fixed', 'floating']),
        network: z.string(),
      }),
    ),
    region: z.string().nullable(),
    createdAt: z.string().nullable(),
    fault: z.string().nullable().openapi({
      description:
        "A fault the provider reports on the server, in the provider's own words (for the provider's staff; gp-server-list shows customers its own sentence instead).",
    }),
    source: z.string(),
  })
  .openapi('ServerAttributes');
const serverResource = z.object({ type: z.literal('servers'), id: z.string(), attributes: serverAttributes }).openapi('Server');
const idParam = z.object({ id: z.string().min(3).max(300).openapi({ example: 'openstack:5b8d…' }) });
const sourceQuery = z.object({ 'filter[source]': z.string().max(64).optional() });
const unavailable = z.array(z.object({ source: z.string(), code: z.string(), detail: z.string() }));

const list = createRoute({
  method: 'get',
  path: '/api/v1/servers',
  tags: ['Servers'],
  summary: "The tenant's virtual servers, from every compute account it has",
  security: [{ embedToken: [] }],
  request: { query: pageQuery },
  responses: {
    200: {
      description: 'Servers',
      content: {
        [JSON_API]: {
          schema: z.object({
            data: z.array(serverResource),
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
  path: '/api/v1/servers/{id}',
  tags: ['Servers'],
  summary: 'One server',
  security: [{ embedToken: [] }],
  request: { params: idParam },
  responses: {
    200: { description: 'The server', content: { [JSON_API]: { schema: z.object({ data: serverResource }) } } },
    ...errorResponses(401, 403, 404, 503),
  },
});

const create = createRoute({
  method: 'post',
  path: '/api/v1/servers',
  tags: ['Servers'],
  summary: 'Create a server (technical role)',
  description:
    'Answers 202 with the server as the provider reports it (usually `building`); `servers` stream events follow until it is active.',
  security: [{ embedToken: [] }],
  request: {
    body: {
      required: true,
      content: {
        [JSON_API]: {
          schema: z.object({
            data: z.object({
              type: z.literal('servers'),
              attributes: z.object({
                name: z
                  .string()
                  .trim()
                  .min(1)
                  .max(63)
                  .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'letters, digits, "." and "-", starting with a letter or digit'),
                flavorId: z.string().min(1).max(200),
                imageId: z.string().min(1).max(200),
                source: z.string().max(64).optional().openapi({ description: 'Provider, when the tenant has accounts at several.' }),
              }),
            }),
          }),
        },
      },
    },
  },
  responses: {
    202: { description: 'Creation accepted', content: { [JSON_API]: { schema: z.object({ data: serverResource }) } } },
    ...errorResponses(400, 401, 403, 409, 413, 415, 422, 502, 503),
  },
});

const action = createRoute({
  method: 'post',
  path: '/api/v1/servers/{id}/actions',
  tags: ['Servers'],
  summary: 'Start, stop or reboot a server (technical role)',
  description:
    'Answers 202 once the provider accepted the action, with the server showing the pending `task`. The transition arrives as `servers` stream events. ' +
    'A state that forbids the action (stopping a stopped server) is 409 with a readable reason.',
  security: [{ embedToken: [] }],
  request: {
    params: idParam,
    body: {
      required: true,
      content: {
        [JSON_API]: {
          schema: z.object({
            data: z.object({ type: z.literal('server-actions'), attributes: z.object({ action: z.enum(['start', 'stop', 'reboot']) }) }),
          }),
        },
      },
    },
  },
  responses: {
    202: { description: 'Action accepted', content: { [JSON_API]: { schema: z.object({ data: serverResource }) } } },
    ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 502, 503),
  },
});

const flavors = createRoute({
  method: 'get',
  path: '/api/v1/flavors',
  tags: ['Servers'],
  summary: 'Server sizes the tenant can create',
  security: [{ embedToken: [] }],
  request: { query: sourceQuery },
  responses: {
    200: {
      description: 'Flavors',
      content: {
        [JSON_API]: {
          schema: z.object({
            data: z.array(
              z.object({
                type: z.literal('flavors'),
                id: z.string(),
                attributes: flavor.omit({ id: true }).extend({ source: z.string() }),
              }),
            ),
          }),
        },
      },
    },
    ...errorResponses(401, 403, 409, 422, 503),
  },
});

const images = createRoute({
  method: 'get',
  path: '/api/v1/images',
  tags: ['Servers'],
  summary: 'Images the tenant can create servers from',
  security: [{ embedToken: [] }],
  request: { query: sourceQuery },
  responses: {
    200: {
      description: 'Images',
      content: {
        [JSON_API]: {
          schema: z.object({
            data: z.array(
              z.object({ type: z.literal('images'), id: z.string(), attributes: z.object({ name: z.string(), source: z.string() }) }),
            ),
          }),
        },
      },
    },
    ...errorResponses(401, 403, 409, 422, 503),
  },
});

export function serverRoutes(app: OpenAPIHono<HostEnv>, auth: AuthConfig, deps: Pick<HostServices, 'compute' | 'audit'>) {
  const reader = requireToken(auth);
  const technical = requireToken(auth, { roles: ['technical'] });
  const byMethod = readsAndWrites(reader, technical);
  for (const path of ['/api/v1/servers', '/api/v1/servers/*', '/api/v1/flavors', '/api/v1/images']) app.use(path, byMethod);

  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const { items, unavailable } = await deps.compute.listServers(c.get('auth').tenant, c.req.raw.signal);
    const page = paginate(items.map(toServerResource), { number: query['page[number]'], size: query['page[size]'] }, c.req.url);
    return c.json({ data: page.data, links: page.links, meta: { ...page.meta, unavailable } }, 200);
  });

  app.openapi(getOne, async (c) => {
    const server = await deps.compute.getServer(c.get('auth').tenant, c.req.valid('param').id, c.req.raw.signal);
    return c.json({ data: toServerResource(server) }, 200);
  });

  app.openapi(create, async (c) => {
    const { source, ...input } = c.req.valid('json').data.attributes;
    const server = await deps.compute.createServer(c.get('auth').tenant, source, input);
    await deps.audit.append(c.get('auth').tenant, c.get('auth').user, 'server.create', server.id, {
      name: server.name,
      source: server.source,
    });
    c.header('Location', `/api/v1/servers/${encodeURIComponent(server.id)}`);
    return c.json({ data: toServerResource(server) }, 202);
  });

  app.openapi(action, async (c) => {
    const { action: verb } = c.req.valid('json').data.attributes;
    const server = await deps.compute.powerAction(c.get('auth').tenant, c.req.valid('param').id, verb);
    await deps.audit.append(c.get('auth').tenant, c.get('auth').user, `server.${verb}`, server.id, { name: server.name });
    return c.json({ data: toServerResource(server) }, 202);
  });

  app.openapi(flavors, async (c) => {
    const list = await deps.compute.listFlavors(c.get('auth').tenant, c.req.valid('query')['filter[source]'], c.req.raw.signal);
    return c.json({ data: list.map(({ id, ...attributes }) => ({ type: 'flavors' as const, id, attributes })) }, 200);
  });

  app.openapi(images, async (c) => {
    const list = await deps.compute.listImages(c.get('auth').tenant, c.req.valid('query')['filter[source]'], c.req.raw.signal);
    return c.json({ data: list.map(({ id, ...attributes }) => ({ type: 'images' as const, id, attributes })) }, 200);
  });
}
