import { cors } from 'hono/cors';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { MiddlewareHandler } from 'hono';
import { STREAM_POSITION_HEADER } from '../stream/position.js';

/**
 * CORS for the API. Data is readable only from a tenant's registered origins, a token's own
 * origins (checked by `requireToken`) or the host's own origin. Any origin may ask (its
 * preflight passes) and may read an error: a partner who embeds the kit on a page the tenant
 * has not registered then gets `403 origin_not_allowed`, which the elements can put into words
 * ("this site is not allowed to use this portal widget"), instead of an opaque network error.
 * A successful answer to an unregistered origin carries no CORS headers, so the browser keeps
 * its body from the page whatever the route.
 *
 * Besides the safelisted headers, a page may read `Location`, `Retry-After`, `X-Request-Id`
 * (the id the access log and an error's `meta.requestId` carry, for a support request) and
 * `Glasspane-Stream-Position` (where a read stood in the event stream: the elements open
 * their stream from there).
 *
 * Only cross-origin requests (they carry Origin) need CORS headers. Hono's cors() sets
 * some before the route answers, which makes Hono copy the answer into a new Response
 * with a streamed body: measurably slower on every request that has no use for them.
 * (c.header() after the answer does the same copy; the answer's own headers do not.)
 */
export function apiCors(isKnownOrigin: (origin: string) => Promise<boolean>): MiddlewareHandler {
  const options = {
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID'],
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    // X-Request-Id: a partner's page can show it next to an error, and support finds the request by it.
    exposeHeaders: ['Location', 'Retry-After', 'X-Request-Id', STREAM_POSITION_HEADER],
    maxAge: 600,
  };
  const known = async (origin: string, url: string) => origin === new URL(url).origin || (await isKnownOrigin(origin));
  const corsHeaders = cors({ ...options, origin: async (origin, c) => (origin && (await known(origin, c.req.url)) ? origin : null) });
  // Any origin may ask: the answer decides what it may read.
  const askOnly = cors({ ...options, origin: (origin) => origin || null });
  return async function apiCorsMiddleware(c, next) {
    const origin = c.req.header('origin');
    if (!origin) {
      await next();
      // Not on the adapter's shared "already sent" marker (a stream written straight to Node).
      if (c.res !== RESPONSE_ALREADY_SENT) c.res.headers.append('Vary', 'Origin');
      return;
    }
    if (await known(origin, c.req.url)) return corsHeaders(c, next);
    if (c.req.method === 'OPTIONS') return askOnly(c, next);
    await next();
    if (c.res === RESPONSE_ALREADY_SENT) return;
    c.res.headers.append('Vary', 'Origin');
    if (c.res.status >= 400) {
      c.res.headers.set('Access-Control-Allow-Origin', origin);
      c.res.headers.set('Access-Control-Expose-Headers', options.exposeHeaders.join(','));
    }
  };
}
