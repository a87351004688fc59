import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { HostEnv } from '../context.js';
import type { HostServices } from '../container.js';
import { requireToken, type AuthConfig } from '../auth/middleware.js';
import { errorResponses } from '../jsonapi.js';
import type { EventBus, StreamEvent } from '../ports/event-bus.js';
import { ApiError, forbidden } from '../errors.js';
import type { Role } from '../auth/roles.js';
import { STREAM_ID_PATTERN, streamIdCodec, type StreamIdCodec } from './event-ids.js';
import { errorMessage } from '../error-messages.js';

const route = createRoute({
  method: 'get',
  path: '/api/v1/stream',
  tags: ['Realtime'],
  summary: 'Server-Sent Events for the tenant',
  description:
    'Each event has an opaque `id` (resume with `Last-Event-ID` or `?lastEventId=`), `event` (the topic) and JSON `data`. ' +
    'EventSource sends no headers, so the token may come as `?token=`. A `reset` event means the replay log no longer ' +
    'reaches back to the given id: refetch. Comment lines are heartbeats. A topic reaches only tokens whose roles may ' +
    'read its resources over REST (billing: customer, billing or staff); asking for one the token may not read is 403. ' +
    'Open streams are capped per token and per tenant (429 beyond).',
  security: [{ embedToken: [] }],
  request: {
    query: z.object({
      token: z.string().optional(),
      topics: z.string().max(500).optional().openapi({ description: 'Comma-separated topics; all when absent.', example: 'maintenances' }),
      lastEventId: z.string().regex(STREAM_ID_PATTERN).optional().openapi({ description: 'The `id` of the last event received (same as the `Last-Event-ID` header).' }),
    }),
  },
  responses: {
    200: { description: 'Event stream', content: { 'text/event-stream': { schema: z.string() } } },
    ...errorResponses(400, 401, 403, 429),
  },
});

export interface StreamOptions {
  /** Heartbeat interval; keeps proxies from closing idle connections. Default 15 s. */
  heartbeatMs?: number;
  /**
   * Roles that may read a topic, the same as its REST routes ask for; a topic not listed
   * reaches every token of the tenant.
   */
  topicRoles?: Readonly<Record<string, readonly Role[]>>;
  /** Open streams one token may hold in this process. Default 5. */
  maxPerToken?: number;
  /** Open streams one tenant may hold in this process. Default 1,000. */
  maxPerTenant?: number;
}

/** One event's SSE frame, serialised once however many connections send it. */
const frames = new WeakMap<StreamEvent, string>();
function frameOf(e: StreamEvent, ids: StreamIdCodec): string {
  let frame = frames.get(e);
  if (frame === undefined) {
    frame = `id: ${ids.encode(e.id, e.tenant)}\nevent: ${e.topic}\ndata: ${JSON.stringify(e.data)}\n\n`;
    frames.set(e, frame);
  }
  return frame;
}

/** Open streams per key (token id or tenant), so a cap can refuse one more. */
class OpenCount {
  readonly #open = new Map<string, number>();
  constructor(readonly max: number) {}
  /** Takes a place for `key`; returns the release function, or `undefined` when full. */
  take(key: string): (() => void) | undefined {
    const n = this.#open.get(key) ?? 0;
    if (n >= this.max) return undefined;
    this.#open.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(key) ?? 1) - 1;
      if (left > 0) this.#open.set(key, left);
      else this.#open.delete(key);
    };
  }
}

/**
 * Where a stream's bytes go: straight to Node's response (under @hono/node-server: no Web
 * Streams per connection) or into a Web ReadableStream (any other runtime, `host.fetch`).
 */
interface EventSink {
  write(chunk: string): void;
  /** Sends `last`, then ends the stream. */
  end(last: string): void;
  /** Bytes written that the client has not read yet. */
  backlog(): number;
  /** Drops the client. */
  abort(): void;
  onClose(listener: () => void): void;
}

/** Heartbeats for every stream of one interval this process serves: one timer, not one each. */
const beats = new Map<number, { timer: ReturnType<typeof setInterval>; sinks: Set<EventSink> }>();
function heartbeat(sink: EventSink, everyMs: number): () => void {
  let beat = beats.get(everyMs);
  if (!beat) {
    const sinks = new Set<EventSink>();
    const timer = setInterval(() => {
      for (const s of sinks) s.write(': ping\n\n');
    }, everyMs);
    timer.unref();
    beat = { timer, sinks };
    beats.set(everyMs, beat);
  }
  beat.sinks.add(sink);
  return () => {
    const current = beats.get(everyMs);
    if (!current) return;
    current.sinks.delete(sink);
    if (!current.sinks.size) {
      clearInterval(current.timer);
      beats.delete(everyMs);
    }
  };
}

/** A client that stops reading is dropped before its backlog grows past this. */
const MAX_BACKLOG = 1 << 20;

/**
 * The stream's protocol, once for both sinks: `ready`, then the replay after the client's
 * last id (or `reset` when the log no longer reaches back), then live events deduplicated by
 * id, comment heartbeats, and `expired` when the token runs out.
 */
async function serveEvents(
  sink: EventSink,
  o: { bus: EventBus; tenant: string; topics: Set<string> | null; lastId: number | 'unknown' | undefined; expiresAt: number; heartbeatMs: number; ids: StreamIdCodec; wanted: (e: StreamEvent) => boolean },
): Promise<void> {
  sink.write(`event: ready\ndata: ${JSON.stringify({ tenant: o.tenant, topics: o.topics ? [...o.topics] : null })}\nretry: 3000\n\n`);
  let sentUpTo = 0;
  let replaying = true;
  const held: StreamEvent[] = [];
  const send = (e: StreamEvent) => {
    if (e.id <= sentUpTo) return;
    sentUpTo = e.id;
    sink.write(frameOf(e, o.ids));
    if (sink.backlog() > MAX_BACKLOG) sink.abort();
  };
  // Subscribe before replaying so nothing published in between is lost; dedupe by id.
  const unsubscribe = o.bus.subscribe((e) => {
    if (!o.wanted(e)) return;
    if (replaying) held.push(e);
    else send(e);
  });
  const stopBeat = heartbeat(sink, o.heartbeatMs);
  // The token's expiry ends the stream; the client reconnects with a fresh token.
  const expiry = setTimeout(() => sink.end('event: expired\ndata: {}\n\n'), Math.max(0, o.expiresAt - Date.now()));
  sink.onClose(() => {
    unsubscribe();
    stopBeat();
    clearTimeout(expiry);
  });
  try {
    if (o.lastId === 'unknown') sink.write('event: reset\ndata: {}\n\n');
    else if (o.lastId !== undefined) {
      const replay = await o.bus.replay(o.tenant, o.lastId);
      if (!replay.ok) sink.write('event: reset\ndata: {}\n\n');
      else for (const e of replay.events.filter(o.wanted) as StreamEvent[]) send(e);
    }
  } finally {
    replaying = false;
    for (const e of held.splice(0)) send(e);
  }
}

function nodeSink(res: ServerResponse): EventSink {
  return {
    write: (chunk) => void res.write(chunk),
    end: (last) => void res.end(last),
    backlog: () => res.writableLength,
    abort: () => void res.destroy(),
    onClose: (listener) => void res.once('close', listener),
  };
}

function webSink(signal: AbortSignal): { sink: EventSink; body: ReadableStream<Uint8Array> } {
  const encoder = new TextEncoder();
  const listeners: (() => void)[] = [];
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    for (const listener of listeners.splice(0)) listener();
  };
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c), cancel: close }, new ByteLengthQueuingStrategy({ highWaterMark: 0 }));
  signal.addEventListener('abort', close, { once: true });
  const sink: EventSink = {
    write(chunk) {
      if (!closed) controller.enqueue(encoder.encode(chunk));
    },
    end(last) {
      if (closed) return;
      controller.enqueue(encoder.encode(last));
      controller.close();
      close();
    },
    backlog: () => (closed ? 0 : -(controller.desiredSize ?? 0)),
    abort() {
      if (closed) return;
      controller.error(new Error('The client stopped reading the event stream.'));
      close();
    },
    onClose: (listener) => (closed ? listener() : void listeners.push(listener)),
  };
  return { sink, body };
}

export function streamRoutes(app: OpenAPIHono<HostEnv>, auth: AuthConfig, deps: Pick<HostServices, 'bus'>, options: StreamOptions = {}) {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const topicRoles = options.topicRoles ?? {};
  const perToken = new OpenCount(options.maxPerToken ?? 5);
  const perTenant = new OpenCount(options.maxPerTenant ?? 1000);
  const ids = streamIdCodec(auth.tokenSecret);
  app.use(route.getRoutingPath(), requireToken(auth, { allowQueryToken: true }));

  /* eslint-disable @typescript-eslint/no-explicit-any -- answers an event stream, not one of the route's typed JSON answers */
  app.openapi(route, (async (c: any) => {
    const query = c.req.valid('query');
    const { tenant, jti, roles } = c.var.auth as { tenant: string; jti: string; roles: Role[] };
    const expiresAt: number = c.var.auth.exp * 1000;
    const topics: Set<string> | null = query.topics ? new Set<string>(query.topics.split(',').map((t: string) => t.trim()).filter(Boolean)) : null;
    // The same rule as REST: a topic reaches a token whose roles could GET its resources.
    const mayRead = (topic: string) => !topicRoles[topic] || topicRoles[topic]!.some((r) => roles.includes(r));
    for (const topic of topics ?? []) if (!mayRead(topic)) throw forbidden(...topicRoles[topic]!);
    const given: string | undefined = c.req.header('last-event-id') ?? query.lastEventId;
    if (given !== undefined && !STREAM_ID_PATTERN.test(given)) {
      throw new ApiError(400, errorMessage('invalid.last_event_id'), { source: { parameter: 'lastEventId' } });
    }
    // An id that is not this tenant's (or from before a secret rotation) cannot resume: refetch.
    const lastId: number | 'unknown' | undefined = given === undefined ? undefined : (ids.decode(given, tenant) ?? 'unknown');
    const bus: EventBus = deps.bus;
    const wanted = (e: StreamEvent) => e.tenant === tenant && (!topics || topics.has(e.topic)) && mayRead(e.topic);

    const releaseToken = perToken.take(jti);
    const releaseTenant = releaseToken && perTenant.take(tenant);
    if (!releaseToken || !releaseTenant) {
      releaseToken?.();
      throw new ApiError(429, errorMessage(releaseToken ? 'too_many_streams' : 'too_many_streams.session'), {
        headers: { 'Retry-After': '30' },
      });
    }
    const release = () => {
      releaseToken();
      releaseTenant();
    };

    const stream = { bus, tenant, topics, lastId, expiresAt, heartbeatMs, ids, wanted };

    const outgoing: ServerResponse | undefined = c.env?.outgoing;
    if (outgoing) {
      outgoing.writeHead(200, {
        ...Object.fromEntries(c.res.headers),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      outgoing.once('close', release);
      await serveEvents(nodeSink(outgoing), stream);
      // Reading c.res above made Hono a working response; returned over it, the marker would
      // be copied into it, and the adapter would answer the copy: an empty body that ends the
      // stream. Dropped first, the marker is the answer as it is.
      c.res = undefined;
      c.res = RESPONSE_ALREADY_SENT;
      return RESPONSE_ALREADY_SENT;
    }
    const { sink, body } = webSink(c.req.raw.signal);
    sink.onClose(release);
    void serveEvents(sink, stream).catch((err) => {
      console.error('[glasspane] event stream failed', err);
      sink.abort();
    });
    return c.body(body, 200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
      Connection: 'keep-alive',
    });
  }) as any);
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
