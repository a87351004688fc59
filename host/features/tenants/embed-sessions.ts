import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from '../../context.js';
import type { HostServices } from '../../container.js';
import { requireAdmin, type AuthConfig } from '../../auth/middleware.js';
import { mintEmbedToken, DEFAULT_TOKEN_TTL_SECONDS, MAX_TOKEN_TTL_SECONDS } from '../../auth/embed-token.js';
import { ROLES } from '../../auth/roles.js';
import { InvalidInputError } from '../../errors.js';
import { JSON_API, errorResponses } from '../../jsonapi.js';
import { originSchema } from '../../schemas.js';
import { errorMessage } from '../../error-messages.js';

const attributes = z.object({
  tenant: z.string().min(1).max(64),
  user: z.string().min(1).max(200),
  roles: z.array(z.enum(ROLES)).min(1),
  ttlSeconds: z.number().int().min(1).max(MAX_TOKEN_TTL_SECONDS).default(DEFAULT_TOKEN_TTL_SECONDS),
  origins: z.array(originSchema).max(20).default([]),
});

const route = createRoute({
  method: 'post',
  path: '/api/v1/embed-sessions',
  tags: ['Auth'],
  summary: 'Mint an embed token',
  description: "Called by the provider's portal backend with the admin key; the token is handed to the browser.",
  security: [{ adminKey: [] }],
  request: {
    body: {
      required: true,
      content: { [JSON_API]: { schema: z.object({ data: z.object({ type: z.literal('embed-sessions'), attributes }) }) } },
    },
  },
  responses: {
    201: {
      description: 'The token',
      content: {
        [JSON_API]: {
          schema: z.object({
            data: z.object({
              type: z.literal('embed-sessions'),
              id: z.string(),
              attributes: z.object({
                token: z.string(),
                expiresAt: z.string(),
                tenant: z.string(),
                user: z.string(),
                roles: z.array(z.string()),
              }),
            }),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 413, 415, 422),
  },
});

export function embedSessionRoutes(app: OpenAPIHono<HostEnv>, auth: AuthConfig, deps: Pick<HostServices, 'tenants'>) {
  app.use(route.getRoutingPath(), requireAdmin(auth));
  app.openapi(route, async (c) => {
    const input = c.req.valid('json').data.attributes;
    const { tenants } = deps;
    if (!(await tenants.get(input.tenant))) {
      throw new InvalidInputError(errorMessage('unknown_tenant', { tenant: input.tenant }), { pointer: '/data/attributes/tenant' });
    }
    // Tokens live in wall-clock time, whatever clock the host's services use.
    const minted = await mintEmbedToken({ secret: auth.tokenSecret, ...input });
    await tenants.recordEmbedSession({ id: minted.id, ...input, expiresAt: minted.expiresAt });
    return c.json(
      {
        data: {
          type: 'embed-sessions' as const,
          id: minted.id,
          attributes: {
            token: minted.token,
            expiresAt: minted.expiresAt,
            tenant: input.tenant,
            user: input.user,
            roles: minted.claims.roles,
          },
        },
      },
      201,
    );
  });
}
