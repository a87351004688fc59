import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ServerResponse } from 'node:http';
import { streamSSE } from 'hono/streaming';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { HostEnv } from '../context.js';
import type { HostServices } from '../container.js';
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

/** One event's SSE frame, serialised once however many connections send it. */
const frames = new WeakMap<StreamEvent, string>();
function frameOf(e: StreamEvent): string {
  let frame = frames.get(e);
  if (frame === undefined) {
    frame = `id: ${e.id}\nevent: ${e.topic}\ndata: ${JSON.stringify(e.data)}\n\n`;
    frames.set(e, frame);
  }
  return frame;
}

/** Heartbeats for every stream this process serves over Node directly: one timer, not one each. */
const nodeStreams = new Set<ServerResponse>();
let beat: ReturnType<typeof setInterval> | undefined;
function heartbeat(res: ServerResponse, everyMs: number): () => void {
  nodeStreams.add(res);
  beat ??= setInterval(() => {
    for (const r of nodeStreams) r.write(': ping\n\n');
  }, everyMs);
  beat.unref();
  return () => {
    nodeStreams.delete(res);
    if (!nodeStreams.size && beat) {
      clearInterval(beat);
      beat = undefined;
    }
  };
}

/** A client that stops reading is dropped before its backlog grows past this. */
const MAX_BACKLOG = 1 << 20;

/**
 * The stream written straight to Node's response (under @hono/node-server): no Web
 * Streams per connection, one serialised frame per event for all connections, a shared
 * heartbeat. Same protocol as the portable path below.
 */
async function streamToNode(
  res: ServerResponse,
  headers: Headers,
  o: { bus: EventBus; tenant: string; topics: Set<string> | null; lastId: number; expiresAt: number; heartbeatMs: number; wanted: (e: StreamEvent) => boolean },
): Promise<void> {
  res.writeHead(200, { ...Object.fromEntries(headers), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no', connection: 'keep-alive' });
  res.write(`event: ready\ndata: ${JSON.stringify({ tenant: o.tenant, topics: o.topics ? [...o.topics] : null })}\nretry: 3000\n\n`);
  let sentUpTo = 0;
  let replaying = true;
  const held: StreamEvent[] = [];
  const send = (e: StreamEvent) => {
    if (e.id <= sentUpTo) return;
    sentUpTo = e.id;
    res.write(frameOf(e));
    if (res.writableLength > MAX_BACKLOG) res.destroy();
  };
  // Subscribe before replaying so nothing published in between is lost; dedupe by id.
  const unsubscribe = o.bus.subscribe((e) => {
    if (!o.wanted(e)) return;
    if (replaying) held.push(e);
    else send(e);
  });
  const stopBeat = heartbeat(res, o.heartbeatMs);
  // The token's expiry ends the stream; the client reconnects with a fresh token.
  const expiry = setTimeout(() => res.end('event: expired\ndata: {}\n\n'), Math.max(0, o.expiresAt - Date.now()));
  const close = () => {
    unsubscribe();
    stopBeat();
    clearTimeout(expiry);
  };
  res.once('close', close);
  try {
    if (Number.isFinite(o.lastId)) {
      const replay = await o.bus.replay(o.tenant, o.lastId);
      if (!replay.ok) res.write('event: reset\ndata: {}\n\n');
      else for (const e of replay.events.filter(o.wanted) as StreamEvent[]) send(e);
    }
  } finally {
    replaying = false;
    for (const e of held.splice(0)) send(e);
  }
}

export function streamRoutes(app: OpenAPIHono<HostEnv>, auth: AuthConfig, deps: Pick<HostServices, 'bus'>, options: StreamOptions = {}) {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  app.use(route.getRoutingPath(), requireToken(auth, { allowQueryToken: true }));

  app.openapi(route, (async (c: any) => {
    const query = c.req.valid('query');
    const tenant: string = c.var.auth.tenant;
    const expiresAt: number = c.var.auth.exp * 1000;
    const topics: Set<string> | null = query.topics ? new Set<string>(query.topics.split(',').map((t: string) => t.trim()).filter(Boolean)) : null;
    const lastId = Number(c.req.header('last-event-id') ?? query.lastEventId ?? NaN);
    const bus: EventBus = deps.bus;
    const wanted = (e: StreamEvent) => e.tenant === tenant && (!topics || topics.has(e.topic));

    const outgoing: ServerResponse | undefined = c.env?.outgoing;
    if (outgoing) {
      await streamToNode(outgoing, c.res.headers, { bus, tenant, topics, lastId, expiresAt, heartbeatMs, wanted });
      // Reading c.res above made Hono a working response; returned over it, the marker would
      // be copied into it, and the adapter would answer the copy: an empty body that ends the
      // stream. Dropped first, the marker is the answer as it is.
      c.res = undefined;
      c.res = RESPONSE_ALREADY_SENT;
      return RESPONSE_ALREADY_SENT;
    }
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
              await stream.write(frameOf(e));
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
          // Everything queued goes out in one write.
          let batch = '';
          while (queue.length) {
            const e = queue.shift()!;
            if (e.id <= sentUpTo) continue;
            batch += frameOf(e);
            sentUpTo = e.id;
          }
          if (batch) await stream.write(batch);
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
