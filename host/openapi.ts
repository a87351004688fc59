import type { OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from './context.js';

/**
 * Serves the OpenAPI 3.1 document of every route registered so far at `path`, with the
 * two ways of authenticating (embed token, admin key) as security schemes. Call it after
 * the routes: the document is generated from their zod schemas on request.
 */
export function serveOpenApi(app: OpenAPIHono<HostEnv>, path: string): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'embedToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An embed token from POST /api/v1/embed-sessions.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminKey', {
    type: 'http',
    scheme: 'bearer',
    description: "The host's admin key (GLASSPANE_ADMIN_KEY); for the provider's portal backend only.",
  });
  app.doc31(path, {
    openapi: '3.1.0',
    info: {
      title: 'Glasspane host API',
      version: '1',
      description:
        'JSON:API 1.1 (application/vnd.api+json). Errors are {"errors":[{status, code, title, detail, source}]}. ' +
        'Every successful GET made with an embed token carries a `Glasspane-Stream-Position` header: where the event ' +
        'stream stood before the read; open `GET /api/v1/stream` with it as `lastEventId` to get what changed since.',
    },
  });
}
