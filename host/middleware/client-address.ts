import type { Context } from 'hono';

/**
 * The client's address as this process sees it: the TCP peer that @hono/node-server hands
 * in (`env.incoming`), `unknown` behind another adapter. Behind a reverse proxy that is the
 * proxy; a host behind one configures `authFailureLimit.clientAddress` to read the header
 * its proxy sets, and the activity log records the same address.
 */
export function socketAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
