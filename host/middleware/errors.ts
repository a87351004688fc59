import { HTTPException } from 'hono/http-exception';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from '../context.js';
import { ApiError, toApiError, type ErrorObject } from '../errors.js';
import { JSON_API } from '../jsonapi.js';
import type { Observability } from '../observability/index.js';
import { traceFields } from '../observability/tracing.js';

/**
 * The app's `onError`: every thrown error becomes a JSON:API error document. Domain and
 * API errors keep their status and code; anything else is a 500 that says nothing internal.
 */
export function errorHandler(observability: Observability): ErrorHandler<HostEnv> {
  return (err, c) => errorResponse(c, err, observability);
}

/** Answers 405 with `Allow` when the path exists under another method, otherwise 404. */
export function notFoundHandler(app: OpenAPIHono<HostEnv>): NotFoundHandler<HostEnv> {
  return (c) => {
    const allowed = allowedMethods(app, c.req.path, c.req.method);
    if (allowed.length) {
      return errorResponse(
        c,
        new ApiError(405, 'method_not_allowed', 'Method not allowed', `${c.req.method} is not allowed here; use ${allowed.join(', ')}.`, {
          headers: { Allow: allowed.join(', ') },
        }),
      );
    }
    return errorResponse(c, new ApiError(404, 'not_found', 'Not found', `There is no route ${c.req.method} ${c.req.path}.`));
  };
}

function errorResponse(c: Context, err: unknown, observability?: Observability): Response {
  let status = 500;
  let errors: ErrorObject[];
  let headers: Record<string, string> = {};
  const answer = toApiError(err);
  if (answer) {
    status = answer.status;
    errors = answer.errors;
    headers = answer.headers;
  } else if (err instanceof HTTPException) {
    status = err.status;
    const code = status === 415 ? 'unsupported_media_type' : status === 413 ? 'payload_too_large' : status === 400 ? 'bad_request' : 'http_error';
    errors = [{ status: String(status), code, title: err.message || 'Request failed', detail: err.message }];
  } else {
    // Never a stack trace or an internal message in a response; the log has them.
    errors = [{ status: '500', code: 'internal_error', title: 'Internal error', detail: 'Something went wrong on our side; the error was logged.' }];
  }
  observability?.logError(c, err, status);
  // Support finds a customer's failed request by this id (the access log and X-Request-Id carry it too),
  // and, with tracing on, its trace by the trace id.
  const requestId = c.get('requestId');
  const traceId = traceFields().trace_id;
  if (requestId || traceId) errors = errors.map((e) => ({ ...e, meta: { ...e.meta, ...(requestId ? { requestId } : {}), ...(traceId ? { traceId } : {}) } }));
  return new Response(JSON.stringify({ errors }), { status, headers: { 'content-type': JSON_API, ...headers } });
}

/** Methods some route accepts for this path: answers 405 instead of 404 when the path exists. */
function allowedMethods(app: OpenAPIHono<HostEnv>, path: string, method: string): string[] {
  const methods = new Set<string>();
  for (const route of app.routes) {
    if (route.method === 'ALL' || route.method === method) continue;
    const pattern = new RegExp('^' + route.path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\/:[^/]+/g, '/[^/]+').replace(/\*/g, '.*') + '$');
    if (pattern.test(path)) methods.add(route.method);
  }
  return [...methods].sort();
}
