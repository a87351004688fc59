import type { MiddlewareHandler } from 'hono';
import { JSON_API } from '../jsonapi.js';

/**
 * Every API answer is JSON:API, whatever helper produced it: JSON answers get the
 * `application/vnd.api+json` media type. `except` (the OpenAPI document) stays plain JSON.
 */
export function jsonApiMediaType(except: string): MiddlewareHandler {
  return async function jsonApiMediaTypeMiddleware(c, next) {
    await next();
    if (c.req.path !== except && c.res.headers.get('content-type')?.startsWith('application/json')) {
      c.res.headers.set('content-type', JSON_API);
    }
  };
}
