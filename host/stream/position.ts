import type { MiddlewareHandler } from 'hono';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { HostEnv } from '../context.js';
import type { EventBus } from '../ports/event-bus.js';
import type { StreamIdCodec } from './event-ids.js';

/** The response header that carries a read's stream position. */
export const STREAM_POSITION_HEADER = 'Glasspane-Stream-Position';

/**
 * Puts on every successful GET made with an embed token the position of the tenant's event
 * stream as it stood before the read: an id like the stream's own, which `GET /api/v1/stream`
 * takes as `lastEventId` and replays everything after. A page that read first and opens its
 * stream later so misses nothing in between, and need not refetch what it just read.
 *
 * The position is taken before the route runs (an event published during the read comes
 * again on replay: a duplicate, never a loss) from what the bus already knows, so it costs no
 * query; the last encoding per tenant is kept, since it changes only when an event is published.
 */
export function streamPosition(bus: EventBus, ids: StreamIdCodec): MiddlewareHandler<HostEnv> {
  const encoded = new Map<string, { id: number; value: string }>();
  return async function streamPositionMiddleware(c, next) {
    if (c.req.method !== 'GET') return next();
    const id = bus.position();
    await next();
    const tenant = c.get('auth')?.tenant;
    if (!tenant || c.res === RESPONSE_ALREADY_SENT || !c.res.ok) return;
    let cached = encoded.get(tenant);
    if (cached?.id !== id) encoded.set(tenant, (cached = { id, value: ids.encode(id, tenant) }));
    c.res.headers.set(STREAM_POSITION_HEADER, cached.value);
  };
}
