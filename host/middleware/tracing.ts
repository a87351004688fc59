/**
 * One OpenTelemetry server span per request, active while the request is answered so the
 * spans of provider calls made for it are its children. Named `<METHOD> <route pattern>`
 * (never the raw path: ids and tokens stay out); attributes are the method, route, status,
 * tenant and request id, never a header, token or body. Without a registered tracer provider
 * the span is a no-op and nothing is recorded. A W3C `traceparent` header (from a tracing proxy
 * or the portal's own backend) makes the request's span part of that trace.
 */
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { ServerResponse } from 'node:http';
import { routeOf, tenantOf } from '../observability/index.js';
import { tracer } from '../observability/tracing.js';

export function requestTracing(): MiddlewareHandler {
  return async (c, next) => {
    const parent = remoteParent(c.req.header('traceparent'));
    const span = tracer().startSpan(c.req.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': c.req.method } }, parent);
    if (!span.isRecording()) {
      await next();
      return;
    }
    try {
      await context.with(trace.setSpan(context.active(), span), next);
    } finally {
      const route = routeOf(c);
      const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
      const status = c.res === RESPONSE_ALREADY_SENT ? (outgoing?.statusCode ?? 200) : c.res.status;
      const tenant = tenantOf(c);
      const requestId = c.get('requestId');
      span.updateName(`${c.req.method} ${route}`);
      span.setAttributes({
        'http.route': route,
        'http.response.status_code': status,
        ...(tenant ? { 'glasspane.tenant': tenant } : {}),
        ...(requestId ? { 'glasspane.request_id': requestId } : {}),
      });
      // Server spans: only 5xx is an error (a 4xx is the client's mistake, answered correctly).
      if (status >= 500) {
        span.setAttribute('error.type', String(status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    }
  };
}

/** `traceparent: 00-<trace id>-<parent span id>-<flags>` (W3C Trace Context, version 00) as a remote parent; the root context otherwise. */
function remoteParent(header: string | undefined): Context {
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(header?.trim() ?? '');
  if (!match) return ROOT_CONTEXT;
  const spanContext = { traceId: match[1]!, spanId: match[2]!, traceFlags: parseInt(match[3]!, 16) & 1, isRemote: true };
  return trace.isSpanContextValid(spanContext) ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : ROOT_CONTEXT;
}
