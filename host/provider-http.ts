import { ProviderError } from './errors.js';

/**
 * `fetch` for plugins: a timeout combined with the caller's signal, and a network failure
 * or timeout turned into a ProviderError that names the provider (`provider_unreachable`).
 * A caller's own abort is rethrown as it is.
 */
export async function providerFetch(pluginId: string, providerName: string, url: string, init: RequestInit, options: { timeoutMs: number; signal?: AbortSignal }): Promise<Response> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  try {
    return await fetch(url, { ...init, signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new ProviderError(pluginId, timeout.aborted ? `${providerName} did not answer within ${Math.max(1, Math.round(options.timeoutMs / 1000))} s.` : `${providerName} could not be reached.`, {
      status: 503,
      code: 'provider_unreachable',
      cause: err,
    });
  }
}

/**
 * Login sessions per key (project, org), created once and shared by concurrent callers.
 * After a 401, `renew(key, failed)` replaces the session once: callers that failed with
 * the same session wait for that one renewal instead of logging in again.
 */
export class SessionPool<S> {
  readonly #sessions = new Map<string, Promise<S>>();

  constructor(
    private readonly create: (key: string) => Promise<S>,
    /** Sessions this returns false for are replaced before use (about to expire). */
    private readonly usable: (session: S) => boolean = () => true,
  ) {}

  async get(key: string): Promise<S> {
    const current = this.#sessions.get(key);
    if (current) {
      const session = await current.catch(() => undefined);
      if (session && this.usable(session)) return session;
      if (this.#sessions.get(key) !== current) return this.get(key);
    }
    return this.#start(key);
  }

  async renew(key: string, failed: S): Promise<S> {
    const current = this.#sessions.get(key);
    if (current) {
      const session = await current.catch(() => undefined);
      if (session && session !== failed) return session;
      if (this.#sessions.get(key) !== current) return this.renew(key, failed);
    }
    return this.#start(key);
  }

  #start(key: string): Promise<S> {
    const pending = this.create(key);
    this.#sessions.set(key, pending);
    pending.catch(() => this.#sessions.get(key) === pending && this.#sessions.delete(key));
    return pending;
  }
}
