import { HTTPException } from 'hono/http-exception';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from '../context.js';
import { ApiError, ProviderError, toApiError, type ErrorObject } from '../errors.js';
import { customerProviderAnswer, customerReads, type ProviderNames } from '../provider-words.js';
import { errorLanguage, errorMessage, errorText, type ErrorMessage } from '../error-messages.js';
import { JSON_API } from '../jsonapi.js';
import { requestLanguages } from '../language.js';
import type { Observability } from '../observability/index.js';
import { traceFields } from '../observability/tracing.js';

/**
 * The app's `onError`: every thrown error becomes a JSON:API error document. Domain and
 * API errors keep their status and code; anything else is a 500 that says nothing internal.
 * The host's own texts are worded in the reader's language (`?lang=`, `Accept-Language`;
 * English when the host has no texts in any of them), which `Content-Language` names.
 */
export function errorHandler(observability: Observability, providerNames: ProviderNames = {}): ErrorHandler<HostEnv> {
  return (err, c) => errorResponse(c, err, observability, providerNames);
}

/** Answers 405 with `Allow` when the path exists under another method, otherwise 404. */
export function notFoundHandler(app: OpenAPIHono<HostEnv>): NotFoundHandler<HostEnv> {
  return (c) => {
    const allowed = allowedMethods(app, c.req.path, c.req.method);
    if (allowed.length) {
      return errorResponse(
        c,
        new ApiError(405, errorMessage('method_not_allowed', { method: c.req.method, allowed: allowed.join(', ') }), {
          headers: { Allow: allowed.join(', ') },
        }),
      );
    }
    return errorResponse(c, new ApiError(404, errorMessage('not_found.route', { method: c.req.method, path: c.req.path })));
  };
}

function errorResponse(c: Context<HostEnv>, err: unknown, observability?: Observability, providerNames: ProviderNames = {}): Response {
  let status = 500;
  let errors: ErrorObject[];
  let messages: (ErrorMessage | undefined)[] = [];
  let headers: Record<string, string> = {};
  // A customer reads the host's words for a provider's failure; staff read the provider's own (and the log has them).
  const answer =
    err instanceof ProviderError && customerReads(c) ? customerProviderAnswer(err, providerNames, c.get('requestId')) : toApiError(err);
  if (answer) {
    status = answer.status;
    errors = answer.errors;
    messages = answer.messages;
    headers = answer.headers;
  } else if (err instanceof HTTPException) {
    status = err.status;
    const code =
      status === 415 ? 'unsupported_media_type' : status === 413 ? 'payload_too_large' : status === 400 ? 'bad_request' : 'http_error';
    errors = [{ status: String(status), code, title: err.message || 'Request failed', detail: err.message }];
  } else {
    // Never a stack trace or an internal message in a response; the log has them.
    const message = errorMessage('internal_error');
    errors = [{ status: '500', code: message.code, ...errorText(message, 'en') }];
    messages = [message];
  }
  const language = errorLanguage(requestLanguages(c));
  errors = errors.map((e, i) => (messages[i] ? { ...e, ...errorText(messages[i], language) } : e));
  observability?.logError(c, err, status);
  // Support finds a customer's failed request by this id (the access log and X-Request-Id carry it too),
  // and, with tracing on, its trace by the trace id.
  const requestId = c.get('requestId');
  const traceId = traceFields().trace_id;
  if (requestId || traceId) {
    errors = errors.map((e) => ({ ...e, meta: { ...e.meta, ...(requestId ? { requestId } : {}), ...(traceId ? { traceId } : {}) } }));
  }
  return new Response(JSON.stringify({ errors }), {
    status,
    headers: { 'content-type': JSON_API, 'Content-Language': language, Vary: 'Accept-Language', ...headers },
  });
}

/** Methods some route accepts for this path: answers 405 instead of 404 when the path exists. */
function allowedMethods(app: OpenAPIHono<HostEnv>, path: string, method: string): string[] {
  const methods = new Set<string>();
  for (const route of app.routes) {
    if (route.method === 'ALL' || route.method === method) continue;
    const pattern = new RegExp(
      '^' +
        route.path
          .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
          .replace(/\/:[^/]+/g, '/[^/]+')
          .replace(/\*/g, '.*') +
        '$',
    );
    if (pattern.test(path)) methods.add(route.method);
  }
  return [...methods].sort();
}
