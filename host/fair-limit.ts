import { ProviderError } from './errors.js';
import { errorMessage } from './error-messages.js';

export interface FairLimitOptions {
  /** Calls in flight at most (the provider's concurrency limit). */
  max: number;
  /** Calls one key (tenant) may have waiting; past it, that key's calls fail fast. Default 20. */
  maxQueuedPerKey?: number;
  /** Calls waiting in all; past it, every new call fails fast. Default 200. */
  maxQueued?: number;
  /** Plugin id and provider name for the error a refused call gets. */
  pluginId: string;
  providerName: string;
}

interface Waiter {
  grant: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * A provider's concurrency limit shared fairly between tenants: at most `max` calls in
 * flight, waiting calls queued per key and granted to the key with the fewest calls in
 * flight, so one
 * tenant's burst of 400 reads cannot hold another tenant's single read behind it. Queues
 * are bounded: a call that would wait past `maxQueuedPerKey` or `maxQueued` fails at once
 * with a 503 `provider_busy` and `Retry-After`, instead of waiting without end. A waiter
 * whose signal aborts leaves its queue.
 */
export class FairLimit {
  #active = 0;
  #queued = 0;
  /** Calls in flight per key. */
  readonly #activeByKey = new Map<string, number>();
  /** Keys with waiters, in round-robin order; each key's waiters in arrival order. */
  readonly #queues = new Map<string, Waiter[]>();

  constructor(readonly options: FairLimitOptions) {
    if (!Number.isInteger(options.max) || options.max < 1) throw new RangeError(`max must be a positive integer, not ${options.max}.`);
  }

  /** Calls in flight now. */
  get active(): number {
    return this.#active;
  }

  /** Calls waiting now, for `key` or in all. */
  waiting(key?: string): number {
    return key === undefined ? this.#queued : (this.#queues.get(key)?.length ?? 0);
  }

  async run<T>(key: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.#acquire(key, signal);
    try {
      return await task();
    } finally {
      this.#active--;
      const left = this.#activeByKey.get(key)! - 1;
      if (left) this.#activeByKey.set(key, left);
      else this.#activeByKey.delete(key);
      this.#next();
    }
  }

  #acquire(key: string, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#active < this.options.max && this.#queued === 0) {
      this.#take(key);
      return Promise.resolve();
    }
    const queue = this.#queues.get(key) ?? [];
    if (queue.length >= (this.options.maxQueuedPerKey ?? 20) || this.#queued >= (this.options.maxQueued ?? 200)) {
      return Promise.reject(
        new ProviderError(
          this.options.pluginId,
          errorMessage('provider_busy', { provider: this.options.pluginId, name: this.options.providerName }),
          {
            status: 503,
            code: 'provider_busy',
            retryAfterSeconds: 2,
          },
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        signal,
        reject,
        grant: () => {
          signal?.removeEventListener('abort', waiter.onAbort);
          this.#take(key);
          resolve();
        },
        onAbort: () => {
          const list = this.#queues.get(key);
          const i = list?.indexOf(waiter) ?? -1;
          if (i >= 0) {
            list!.splice(i, 1);
            this.#queued--;
            if (!list!.length) this.#queues.delete(key);
          }
          reject(signal!.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      queue.push(waiter);
      this.#queued++;
      this.#queues.set(key, queue);
    });
  }

  #take(key: string): void {
    this.#active++;
    this.#activeByKey.set(key, (this.#activeByKey.get(key) ?? 0) + 1);
  }

  /**
   * Grants free slots to the waiting key with the fewest calls in flight (ties: the key
   * that waited longest since its last grant), so each tenant gets an even share.
   */
  #next(): void {
    while (this.#active < this.options.max && this.#queued > 0) {
      let key: string | undefined;
      let fewest = Infinity;
      for (const k of this.#queues.keys()) {
        const inFlight = this.#activeByKey.get(k) ?? 0;
        if (inFlight < fewest) [key, fewest] = [k, inFlight];
      }
      const queue = this.#queues.get(key!)!;
      const waiter = queue.shift()!;
      this.#queued--;
      this.#queues.delete(key!);
      if (queue.length) this.#queues.set(key!, queue);
      waiter.grant();
    }
  }
}
