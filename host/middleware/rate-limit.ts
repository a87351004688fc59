import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';
import { errorMessage } from '../error-messages.js';

export interface WriteRateLimit {
  /** Writes a token may make in a burst. Default 30. */
  burst?: number;
  /** Writes per minute a token regains. Default 60. */
  perMinute?: number;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Tokens remembered at most (least recently seen forgotten first). */
const MAX_KEYS = 50_000;

/**
 * Limits writes per bearer token (a token bucket), so one runaway widget or script cannot
 * flood the providers behind the host: past the limit the answer is 429 with
 * `Retry-After`. Reads are not limited. Each host process keeps its own buckets; behind a
 * load balancer the limit applies per process.
 */
export function writeRateLimit(
  options: WriteRateLimit & {
    exempt?: (bearer: string) => boolean;
    /**
     * The session a bearer token belongs to (an embed token's id), or `undefined` for a token
     * that does not verify (authentication answers those). Keying on the verified session
     * means `bearer`/`Bearer`, extra spaces or a re-encoded token share one bucket.
     */
    sessionOf?: (bearer: string) => Promise<string | undefined>;
  } = {},
  now: () => number = Date.now,
): MiddlewareHandler {
  const burst = options.burst ?? 30;
  const perMs = (options.perMinute ?? 60) / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();

  return async function writeRateLimitMiddleware(c, next) {
    if (!WRITES.has(c.req.method)) return next();
    const bearer = /^\s*Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!bearer || options.exempt?.(bearer)) return next();
    const session = options.sessionOf ? await options.sessionOf(bearer) : bearer;
    if (session === undefined) return next();
    const key = createHash('sha256').update(session).digest('base64url').slice(0, 22);
    const t = now();
    const bucket = buckets.get(key) ?? { tokens: burst, at: t };
    buckets.delete(key);
    bucket.tokens = Math.min(burst, bucket.tokens + (t - bucket.at) * perMs);
    bucket.at = t;
    if (bucket.tokens < 1) {
      buckets.set(key, bucket);
      const wait = Math.ceil((1 - bucket.tokens) / perMs / 1000);
      throw new ApiError(429, errorMessage('rate_limited', { seconds: wait }), { headers: { 'Retry-After': String(wait) } });
    }
    bucket.tokens -= 1;
    buckets.set(key, bucket);
    if (buckets.size > MAX_KEYS) buckets.delete(buckets.keys().next().value!);
    return next();
  };
}
