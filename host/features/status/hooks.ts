import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from '../../context.js';
import type { HostServices } from '../../container.js';
import { keyMatches } from '../../auth/middleware.js';
import { ApiError, notFound } from '../../errors.js';
import { JSON_API, errorResponses } from '../../jsonapi.js';
import { errorMessage } from '../../error-messages.js';

const route = createRoute({
  method: 'post',
  path: '/api/v1/hooks/status/{source}/{secret}',
  tags: ['Status'],
  summary: "Receive a status provider's webhook (Statuspage incident and component updates)",
  description:
    "Point the provider's webhook subscription at this URL. The secret in the path is `GLASSPANE_WEBHOOK_SECRET`; " +
    'the host refetches on each push and streams what changed to the tenants it concerns. A poller is the fallback.',
  request: {
    params: z.object({ source: z.string().max(64), secret: z.string().max(200) }),
    body: { content: { 'application/json': { schema: z.unknown() } } },
  },
  responses: {
    202: {
      description: 'Accepted',
      content: { [JSON_API]: { schema: z.object({ meta: z.object({ accepted: z.object({ kind: z.string(), id: z.string() }) }) }) } },
    },
    ...errorResponses(400, 404, 413, 415, 422),
  },
});

export function hookRoutes(app: OpenAPIHono<HostEnv>, webhookSecret: string | undefined, deps: Pick<HostServices, 'maintenances'>) {
  app.openapi(route, async (c) => {
    const { source, secret } = c.req.valid('param');
    // A wrong secret looks exactly like a missing route: nothing to probe.
    if (!webhookSecret || !keyMatches(secret, webhookSecret)) throw notFound('route');
    const { maintenances } = deps;
    const provider = maintenances.provider(source);
    if (!provider?.acceptWebhook) throw notFound('route');
    const body = await c.req.json().catch(() => undefined);
    if (body === undefined) throw new ApiError(400, errorMessage('malformed_json.webhook'));
    const accepted = provider.acceptWebhook(body);
    // Answer at once (providers time out webhooks); the refresh streams the change.
    void maintenances.refresh().catch(() => undefined);
    return c.json({ meta: { accepted } }, 202);
  });
}
