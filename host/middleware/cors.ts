import { cors } from 'hono/cors';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { MiddlewareHandler } from 'hono';

/**
 * CORS for the API: browsers may call it only from a tenant's registered origins (or the
 * host's own origin; a token's own origins are checked by `requireToken`).
 *
 * Only cross-origin requests (they carry Origin) need CORS headers. Hono's cors() sets
 * some before the route answers, which makes Hono copy the answer into a new Response
 * with a streamed body: measurably slower on every request that has no use for them.
 * (c.header() after the answer does the same copy; the answer's own headers do not.)
 */
export function apiCors(isKnownOrigin: (origin: string) => Promise<boolean>): MiddlewareHandler {
  const corsHeaders = cors({
    origin: async (origin, c) => {
      if (!origin) return null;
      if (origin === new URL(c.req.url).origin) return origin;
      return (await isKnownOrigin(origin)) ? origin : null;
    },
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID'],
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    exposeHeaders: ['Location', 'Retry-After'],
    maxAge: 600,
  });
  return async function apiCorsMiddleware(c, next) {
    if (c.req.header('origin')) return corsHeaders(c, next);
    await next();
    // Not on the adapter's shared "already sent" marker (a stream written straight to Node).
    if (c.res !== RESPONSE_ALREADY_SENT) c.res.headers.append('Vary', 'Origin');
  };
}
