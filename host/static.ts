import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from './context.js';
import { ApiError } from './errors.js';

/**
 * Serves the built kit (`vite build`) at `/elements/`, for portals on other origins: one
 * module script, readable cross-origin, cached for five minutes. A missing bundle answers
 * a JSON:API 404 that says to build it.
 */
export function serveKit(app: OpenAPIHono<HostEnv>, dir = 'dist/elements'): void {
  const elementsDir = resolve(dir);
  app.use('/elements/*', async (c, next) => {
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('Cache-Control', 'public, max-age=300');
    await next();
  });
  // Checked per request so a host started before `npm run build` picks the kit up.
  let kit: ReturnType<typeof serveStatic> | undefined;
  app.get(
    '/elements/*',
    (c, next) => {
      if (!existsSync(elementsDir)) return next();
      kit ??= serveStatic({ root: elementsDir, rewriteRequestPath: (p) => p.replace(/^\/elements/, '') });
      return kit(c as unknown as Parameters<typeof kit>[0], next);
    },
    (c) => {
      if (!existsSync(join(elementsDir, 'index.js'))) {
        throw new ApiError(404, 'kit_not_built', 'Kit not built', 'The element bundle is missing: run "npm run build".');
      }
      throw new ApiError(404, 'not_found', 'Not found', `No element bundle ${c.req.path}.`);
    },
  );
}
