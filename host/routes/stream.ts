import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { HostEnv } from '../context.js';
import { requireToken, type AuthConfig } from '../auth/middleware.js';
import { errorResponses } from '../jsonapi.js';
import type { EventBus, StreamEvent } from '../ports/event-bus.js';

const route = createRoute({
  method: 'get',
  path: '/api/v1/stream',
  tags: ['Realtime'],
  summary: 'Server-Sent Events for the tenant',
  description:
    'Each event has `id` (resume with `Last-Event-ID` or `?lastEventId=`), `event` (the topic) and JSON `data`. ' +
    'EventSource sends no headers, so the token may come as `?token=`. A `reset` event means the replay log no longer ' +
    'reaches back to the given id: refetch. Comment lines are heartbeats.',
  security: [{ embedToken: [] }],
  request: {
    query: z.object({
      token: z.string().optional(),
      topics: z.string().max(500).optional().openapi({ description: 'Comma-separated topics; all when absent.', example: 'maintenances' }),
      lastEventId: z.string().regex(/^\d+$/).optional(),
    }),
  },
  responses: {
    200: { description: 'Event stream', content: { 'text/event-stream': { schema: z.string() } } },
    ...errorResponses(400, 401, 403),
  },
});

export interface StreamOptions {
  /** Heartbeat interval; keeps proxies from closing idle connections. Default 15 s. */
  heartbeatMs?: number;
}

export function streamRoutes(app: OpenAPIHono<HostEnv>, auth: AuthConfig, options: StreamOptions = {}) {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  app.use(route.getRoutingPath(), requireToken(auth, { allowQueryToken: true }));

  app.openapi(route, (async (c: any) => {
    const query = c.req.valid('query');
    const tenant: string = c.var.auth.tenant;
    const expiresAt: number = c.var.auth.exp * 1000;
    const topics = query.topics ? new Set(query.topics.split(',').map((t: string) => t.trim()).filter(Boolean)) : null;
    const lastId = Number(c.req.header('last-event-id') ?? query.lastEventId ?? NaN);
    const bus: EventBus = c.var.services.bus;
    const wanted = (e: StreamEvent) => e.tenant === tenant && (!topics || topics.has(e.topic));

    c.header('Cache-Control', 'no-cache, no-transform');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      // Subscribe before replaying so nothing published in between is lost; dedupe by id.
      const queue: StreamEvent[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = bus.subscribe((e) => {
        if (!wanted(e)) return;
        queue.push(e);
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      let sentUpTo = 0;
      try {
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ tenant, topics: topics ? [...topics] : null }), retry: 3000 });
        if (Number.isFinite(lastId)) {
          const replay = await bus.replay(tenant, lastId);
          if (!replay.ok) await stream.writeSSE({ event: 'reset', data: '{}' });
          else {
            for (const e of replay.events.filter(wanted) as StreamEvent[]) {
              await stream.writeSSE({ id: String(e.id), event: e.topic, data: JSON.stringify(e.data) });
              sentUpTo = e.id;
            }
          }
        }
        while (!stream.aborted && !stream.closed) {
          // The token's expiry ends the stream; the client reconnects with a fresh token.
          const untilExpiry = expiresAt - Date.now();
          if (untilExpiry <= 0) {
            await stream.writeSSE({ event: 'expired', data: '{}' });
            break;
          }
          while (queue.length) {
            const e = queue.shift()!;
            if (e.id <= sentUpTo) continue;
            await stream.writeSSE({ id: String(e.id), event: e.topic, data: JSON.stringify(e.data) });
            sentUpTo = e.id;
          }
          const timedOut = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(true), Math.min(heartbeatMs, untilExpiry));
            wake = () => {
              clearTimeout(timer);
              resolve(false);
            };
          });
          wake = undefined;
          if (timedOut && !stream.aborted) await stream.write(': ping\n\n');
        }
      } finally {
        unsubscribe();
      }
    });
  }) as any);
}
