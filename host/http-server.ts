import type { Server } from 'node:http';
import { serve } from '@hono/node-server';

/**
 * How long the host keeps an idle keep-alive connection open: 65 s, where Node's default is 5 s.
 *
 * A client (a load balancer, a reverse proxy, the fetch of a backend or a test) sends its next
 * request on an idle connection until its own idle timeout says the connection is gone. When
 * the server closes it first, a request sent at that moment meets a closed socket: the
 * client sees ECONNRESET ("fetch failed", "socket hang up"), a balancer answers 502. So the
 * server must wait longer than every client: AWS's load balancers and nginx's upstream
 * keep-alive drop idle connections after 60 s, hence 65 s.
 *
 * Node's 5 s are also too short for Node's own fetch (undici) on a busy machine: it drops an
 * idle connection 2 s before the server's advertised `Keep-Alive: timeout=5`, and Node's
 * server 1 s after it, at 6 s. A client whose event loop is busy for longer than those 3 s
 * (one pass through its I/O callbacks on a saturated CPU) sends its next request on the
 * connection before its own timer has run; the server's timer then runs before the request
 * is read and closes the connection under it. That was issue #25's ECONNRESET in the load
 * test (host/http-server.test.ts reproduces it). At 65 s it would take a connection idle
 * for a minute in the middle of such a stall.
 */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 65_000;

export interface ServeHostOptions {
  /** The host's (or an app's) request handler, `host.fetch`. */
  fetch: Parameters<typeof serve>[0]['fetch'];
  /** 0 picks a free port. */
  port: number;
  /** The address to listen on; all interfaces when unset. */
  hostname?: string;
  /** Idle keep-alive timeout; `DEFAULT_KEEP_ALIVE_TIMEOUT_MS` when unset. */
  keepAliveTimeoutMs?: number;
}

/**
 * Serves a host over HTTP/1.1 with the keep-alive timeout above. `headersTimeout` and
 * `requestTimeout` keep Node's defaults (60 s, 300 s): since Node 18 they count only while a
 * request is being received, not while a kept-alive connection waits for the next one, so
 * they need not exceed the keep-alive timeout.
 */
export function serveHost(options: ServeHostOptions): Server {
  return serve({
    fetch: options.fetch,
    port: options.port,
    hostname: options.hostname,
    serverOptions: { keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS },
  }) as Server;
}
