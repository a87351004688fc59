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
import { earliestId, MAX_RESUME_IDS, RESUME_IDS_PATTERN, streamIdCodec, type StreamIdCodec } from './event-ids.js';
import { STREAM_POSITION_HEADER } from './position.js';
import { errorMessage } from '../error-messages.js';

const route = createRoute({
  method: 'get',
  path: '/api/v1/stream',
  tags: ['Realtime'],
  summary: 'Server-Sent Events for the tenant',
  description:
    'Each event has an opaque `id` (resume with `Last-Event-ID` or `?lastEventId=`), `event` (the topic) and JSON `data`. ' +
    `Every successful GET made with an embed token carries \`${STREAM_POSITION_HEADER}\`: where this stream stood before the read, ` +
    'an id to open the stream from (`lastEventId`), so that what happened since the read is replayed instead of refetched. ' +
    'EventSource sends no headers, so the token may come as `?token=`. A `reset` event means the replay log no longer ' +
    'reaches back to the given id: refetch. Comment lines are heartbeats. A topic reaches only tokens whose roles may ' +
    'read its resources over REST (billing: customer, billing or staff); asking for one the token may not read is 403. ' +
    'Open streams are capped per token and per tenant (429 beyond).',
  security: [{ embedToken: [] }],
  request: {
    query: z.object({
      token: z.string().optional(),
      topics: z.string().max(500).optional().openapi({ description: 'Comma-separated topics; all when absent.', example: 'maintenances' }),
      lastEventId: z
        .string()
        .regex(RESUME_IDS_PATTERN)
        .optional()
        .openapi({
          description:
            `The \`id\` of the last event received (same as the \`Last-Event-ID\` header), or a \`${STREAM_POSITION_HEADER}\` a read was given. ` +
            `Up to ${MAX_RESUME_IDS} comma-separated: the stream resumes from the earliest (reads told different positions).`,
        }),
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
  /** Takes a place for `key`; `false` when full. */
  take(key: string): boolean {
    const n = this.#open.get(key) ?? 0;
    if (n >= this.max) return false;
    this.#open.set(key, n + 1);
    return true;
  }
  /** Gives back a place `take` gave. */
  release(key: string): void {
    const left = (this.#open.get(key) ?? 1) - 1;
    if (left > 0) this.#open.set(key, left);
    else this.#open.delete(key);
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

/** A client that stops reading is dropped before its backlog grows past this. */
const MAX_BACKLOG = 1 << 20;

/**
 * One open stream: what it may receive and how far it got. Its methods live on the class,
 * not in closures per connection: 2,000 idle streams keep 2,000 of these and their sinks.
 */
class Subscriber {
  /** The last bus id sent: live events and the replay are deduplicated against it. */
  sentUpTo = 0;
  /** Live events that arrive while the replay is read, sent after it; `undefined` once live. */
  held: StreamEvent[] | undefined = [];
  constructor(
    readonly sink: EventSink,
    readonly tenant: string,
    readonly jti: string,
    /** `null`: every topic. */
    readonly topics: readonly string[] | null,
    readonly roles: readonly Role[],
    readonly expiresAt: number,
  ) {}
}

/**
 * Every open stream of one host: one bus subscription for all of them (taken with the
 * first, dropped with the last), looked up by tenant; one heartbeat timer; one expiry timer
 * per instant tokens run out at. The stream's protocol, once for both sinks: `ready`, then
 * the replay after the client's last id (or `reset` when the log no longer reaches back),
 * then live events deduplicated by id, comment heartbeats, and `expired` when the token
 * runs out.
 */
class StreamFanOut {
  readonly #byTenant = new Map<string, Set<Subscriber>>();
  readonly #expiring = new Map<number, { timer: ReturnType<typeof setTimeout>; subscribers: Set<Subscriber> }>();
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #unsubscribe: (() => void) | undefined;
  #open = 0;

  constructor(
    readonly bus: EventBus,
    readonly ids: StreamIdCodec,
    readonly topicRoles: Readonly<Record<string, readonly Role[]>>,
    readonly heartbeatMs: number,
    readonly perToken: OpenCount,
    readonly perTenant: OpenCount,
  ) {}

  /** A topic reaches a token whose roles could GET its resources: the same rule as REST. */
  mayRead(topic: string, roles: readonly Role[]): boolean {
    const readers = this.topicRoles[topic];
    return !readers || readers.some((r) => roles.includes(r));
  }

  /** Serves `s` until its sink closes; resolves once the replay is sent. */
  async serve(s: Subscriber, lastId: number | 'unknown' | undefined): Promise<void> {
    s.sink.write(`event: ready\ndata: ${JSON.stringify({ tenant: s.tenant, topics: s.topics })}\nretry: 3000\n\n`);
    // Subscribed before the replay so nothing published in between is lost; deduplicated by id.
    this.#add(s);
    s.sink.onClose(() => this.#remove(s));
    try {
      if (lastId === 'unknown') s.sink.write('event: reset\ndata: {}\n\n');
      else if (lastId !== undefined) {
        const replay = await this.bus.replay(s.tenant, lastId);
        if (!replay.ok) s.sink.write('event: reset\ndata: {}\n\n');
        else for (const e of replay.events) if (this.#wants(s, e)) this.#send(s, e);
      }
    } finally {
      const held = s.held!;
      s.held = undefined;
      for (const e of held) this.#send(s, e);
    }
  }

  #wants(s: Subscriber, e: StreamEvent): boolean {
    return e.tenant === s.tenant && (!s.topics || s.topics.includes(e.topic)) && this.mayRead(e.topic, s.roles);
  }

  #send(s: Subscriber, e: StreamEvent): void {
    if (e.id <= s.sentUpTo) return;
    s.sentUpTo = e.id;
    s.sink.write(frameOf(e, this.ids));
    if (s.sink.backlog() > MAX_BACKLOG) s.sink.abort();
  }

  #deliver(e: StreamEvent): void {
    for (const s of this.#byTenant.get(e.tenant) ?? []) {
      try {
        if (!this.#wants(s, e)) continue;
        if (s.held) s.held.push(e);
        else this.#send(s, e);
      } catch {
        // One broken connection must not stop delivery to the others.
      }
    }
  }

  #add(s: Subscriber): void {
    let tenant = this.#byTenant.get(s.tenant);
    if (!tenant) this.#byTenant.set(s.tenant, (tenant = new Set()));
    tenant.add(s);
    (this.#expiring.get(s.expiresAt) ?? this.#expireAt(s.expiresAt)).subscribers.add(s);
    if (this.#open++ === 0) {
      this.#unsubscribe = this.bus.subscribe((e) => this.#deliver(e));
      this.#heartbeat = setInterval(() => {
        for (const subscribers of this.#byTenant.values()) for (const each of subscribers) each.sink.write(': ping\n\n');
      }, this.heartbeatMs);
      this.#heartbeat.unref();
    }
  }

  /** The token's expiry ends the stream; the client reconnects with a fresh token. */
  #expireAt(at: number) {
    const subscribers = new Set<Subscriber>();
    const timer = setTimeout(
      () => {
        this.#expiring.delete(at);
        for (const s of subscribers) s.sink.end('event: expired\ndata: {}\n\n');
      },
      Math.max(0, at - Date.now()),
    );
    const expiring = { timer, subscribers };
    this.#expiring.set(at, expiring);
    return expiring;
  }

  #remove(s: Subscriber): void {
    const tenant = this.#byTenant.get(s.tenant);
    if (!tenant?.delete(s)) return;
    if (!tenant.size) this.#byTenant.delete(s.tenant);
    const expiring = this.#expiring.get(s.expiresAt);
    if (expiring?.subscribers.delete(s) && !expiring.subscribers.size) {
      clearTimeout(expiring.timer);
      this.#expiring.delete(s.expiresAt);
    }
    this.perToken.release(s.jti);
    this.perTenant.release(s.tenant);
    if (--this.#open === 0) {
      this.#unsubscribe!();
      clearInterval(this.#heartbeat);
    }
  }
}

/** The Node response as a sink: one field; its methods are the class's. */
class NodeSink implements EventSink {
  constructor(readonly res: ServerResponse) {}
  write(chunk: string): void {
    this.res.write(chunk);
  }
  end(last: string): void {
    this.res.end(last);
  }
  backlog(): number {
    return this.res.writableLength;
  }
  abort(): void {
    this.res.destroy();
  }
  onClose(listener: () => void): void {
    // A response closes once: a plain listener, without once()'s wrapper per connection.
    this.res.on('close', listener);
  }
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
  const body = new ReadableStream<Uint8Array>(
    { start: (c) => void (controller = c), cancel: close },
    new ByteLengthQueuingStrategy({ highWaterMark: 0 }),
  );
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
  const perToken = new OpenCount(options.maxPerToken ?? 5);
  const perTenant = new OpenCount(options.maxPerTenant ?? 1000);
  const ids = streamIdCodec(auth.tokenSecret);
  const hub = new StreamFanOut(deps.bus, ids, options.topicRoles ?? {}, options.heartbeatMs ?? 15_000, perToken, perTenant);
  app.use(route.getRoutingPath(), requireToken(auth, { allowQueryToken: true }));

  /* eslint-disable @typescript-eslint/no-explicit-any -- answers an event stream, not one of the route's typed JSON answers */
  app.openapi(route, (async (c: any) => {
    const query = c.req.valid('query');
    const { tenant, jti, roles } = c.get('auth') as { tenant: string; jti: string; roles: Role[] };
    const expiresAt: number = c.get('auth').exp * 1000;
    const asked: string[] | undefined = query.topics
      ?.split(',')
      .map((t: string) => t.trim())
      .filter(Boolean);
    const topics = asked ? [...new Set(asked)] : null;
    for (const topic of topics ?? []) if (!hub.mayRead(topic, roles)) throw forbidden(...options.topicRoles![topic]!);
    const given: string | undefined = c.req.header('last-event-id') ?? query.lastEventId;
    if (given !== undefined && !RESUME_IDS_PATTERN.test(given)) {
      throw new ApiError(400, errorMessage('invalid.last_event_id'), { source: { parameter: 'lastEventId' } });
    }
    // An id that is not this tenant's (or from before a secret rotation) cannot resume: refetch.
    const lastId: number | 'unknown' | undefined = given === undefined ? undefined : (earliestId(ids, given, tenant) ?? 'unknown');

    const tokenFull = !perToken.take(jti);
    if (tokenFull || !perTenant.take(tenant)) {
      if (!tokenFull) perToken.release(jti);
      throw new ApiError(429, errorMessage(tokenFull ? 'too_many_streams.session' : 'too_many_streams'), {
        headers: { 'Retry-After': '30' },
      });
    }
    // The hub gives both places back when the stream closes.
    const subscriber = (sink: EventSink) => new Subscriber(sink, tenant, jti, topics, roles, expiresAt);

    const outgoing: ServerResponse | undefined = c.env?.outgoing;
    if (outgoing) {
      outgoing.writeHead(200, {
        ...Object.fromEntries(c.res.headers),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      await hub.serve(subscriber(new NodeSink(outgoing)), lastId);
      // Reading c.res above made Hono a working response; returned over it, the marker would
      // be copied into it, and the adapter would answer the copy: an empty body that ends the
      // stream. Dropped first, the marker is the answer as it is.
      c.res = undefined;
      c.res = RESPONSE_ALREADY_SENT;
      return RESPONSE_ALREADY_SENT;
    }
    const { sink, body } = webSink(c.req.raw.signal);
    void hub.serve(subscriber(sink), lastId).catch((err) => {
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
