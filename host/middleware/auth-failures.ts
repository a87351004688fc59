import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';
import { socketAddress } from './client-address.js';
import { errorMessage } from '../error-messages.js';

export interface AuthFailureLimit {
  /** Failed attempts an address may make before it has to wait. Default 10. */
  freeFailures?: number;
  /** Failures older than this are forgotten (ms). Default 15 minutes. */
  windowMs?: number;
  /** The first wait past the free failures (ms); each further failure doubles it. Default 1 s. */
  baseDelayMs?: number;
  /** The longest wait (ms). Default 15 minutes. */
  maxDelayMs?: number;
  /** The client's address. Default: the TCP peer's address that @hono/node-server hands in. */
  clientAddress?: (c: Context) => string;
}

/** Codes of 401 answers that mean "wrong credential", as opposed to an expired token. */
const GUESSES = new Set(['unauthorized', 'token_invalid']);
/** Addresses remembered at most (least recently failed forgotten first). */
const MAX_ADDRESSES = 50_000;

/**
 * Slows down guessing of the admin key (or of token signatures): every 401 that means a
 * wrong credential counts against the client's address, and past `freeFailures` in the
 * window the address waits (429 with `Retry-After`) for a delay that doubles with each
 * further failure. Expired tokens do not count: an open portal tab renews them. A correct
 * credential does not wipe the count, so a guesser cannot mix in a token of its own.
 * The count is per host process.
 */
export function authFailureLimit(options: AuthFailureLimit = {}, now: () => number = Date.now): MiddlewareHandler {
  const free = options.freeFailures ?? 10;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const base = options.baseDelayMs ?? 1000;
  const max = options.maxDelayMs ?? 15 * 60_000;
  const addressOf = options.clientAddress ?? socketAddress;
  const failures = new Map<string, { count: number; first: number; blockedUntil: number }>();

  return async function authFailureLimitMiddleware(c, next) {
    const address = addressOf(c);
    const t = now();
    let entry = failures.get(address);
    if (entry && t - entry.first > windowMs && t >= entry.blockedUntil) {
      failures.delete(address);
      entry = undefined;
    }
    if (entry && t < entry.blockedUntil) {
      const wait = Math.ceil((entry.blockedUntil - t) / 1000);
      throw new ApiError(429, errorMessage('too_many_failed_logins', { seconds: wait }), {
        headers: { 'Retry-After': String(wait) },
      });
    }
    await next();
    if (c.res.status !== 401) return;
    const code = await errorCode(c.res);
    if (!code || !GUESSES.has(code)) return;
    entry ??= { count: 0, first: t, blockedUntil: 0 };
    entry.count += 1;
    if (entry.count > free) entry.blockedUntil = t + Math.min(max, base * 2 ** (entry.count - free - 1));
    failures.delete(address);
    failures.set(address, entry);
    if (failures.size > MAX_ADDRESSES) failures.delete(failures.keys().next().value!);
  };
}

async function errorCode(res: Response): Promise<string | undefined> {
  try {
    const body = (await res.clone().json()) as { errors?: { code?: string }[] };
    return body.errors?.[0]?.code;
  } catch {
    return undefined;
  }
}
