import autocannon from 'autocannon';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { devNull } from 'node:os';
import { pino } from 'pino';
import { createLogger, type Logger } from '../host/observability/logger.js';
import { median, medianRatio } from './harness.js';

/**
 * The access log a deployed host writes, the same in a terminal and in a pipe: a JSON line
 * per request, written at once as pino writes stdout, sent to the null device. Left to its
 * default, a host under `npm run bench` in a terminal formatted every line for people
 * (pino-pretty) and printed tens of thousands of them, and its figure depended on where the
 * output went (the usage endpoint read 0.080 in a terminal, 0.110 piped to a file).
 */
export function accessLog(): Logger {
  return createLogger({ destination: pino.destination({ dest: devNull, sync: true }) });
}

/** Serves `fetch` on a loopback port for the duration of `fn`. */
export async function withServer<T>(fetch: (req: Request) => Response | Promise<Response>, fn: (base: string) => Promise<T>): Promise<T> {
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  try {
    return await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise((r) => server.close(r));
  }
}

/** Requests per second of one URL, bounded in time and on loopback only. */
export async function rps(
  url: string,
  options: { seconds?: number; connections?: number; headers?: Record<string, string> } = {},
): Promise<number> {
  // The load generator runs in a worker thread so it does not share the server's event loop.
  const result = await autocannon({
    url,
    duration: options.seconds ?? 2,
    connections: options.connections ?? 20,
    headers: options.headers,
    workers: 1,
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

/**
 * Req/s of two URLs measured in alternating rounds: the median of each, and `ratio`, the
 * median of each round's a ÷ b. A round's two runs are seconds apart, so the machine's
 * drifts (another process, the load generator's own pace) move both alike and the ratio
 * holds still where the two medians wander.
 */
export async function compareRps(a: string, b: string, rounds = 3, headers?: Record<string, string>) {
  const ra: number[] = [];
  const rb: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2) {
      rb.push(await rps(b, { headers }));
      ra.push(await rps(a, { headers }));
    } else {
      ra.push(await rps(a, { headers }));
      rb.push(await rps(b, { headers }));
    }
  }
  return { a: median(ra), b: median(rb), ratio: medianRatio(ra, rb) };
}
