import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { ProviderError } from '../errors.js';
import { errorMessage } from '../error-messages.js';
import { sleep } from '../provider-http.js';

/** The table behind `SharedSlots` (migration 0031). */
export interface ProviderSlotTable {
  key: string;
  slot: number;
  holder: string | null;
  /** Epoch ms the lease ends; bigint: PostgreSQL returns it as a string. */
  expires_at: number | string;
}

export interface SharedSlotsOptions {
  /** Slots per key: the provider's concurrency limit for one account. */
  max: number;
  /**
   * How long a lease lasts (ms). A process that dies holding a slot frees it after this;
   * keep it above the longest request. Default 120 s.
   */
  leaseMs?: number;
  /** Longest wait for a free slot before a readable `provider_busy`. Default 30 s. */
  maxWaitMs?: number;
  pluginId: string;
  providerName: string;
}

/**
 * A provider's concurrency limit shared by every host process on one database: NetSuite
 * counts requests in flight per account across all of a customer's integrations, so two
 * host processes with five each would send ten and be answered 429. Each call leases one of
 * `max` rows (`UPDATE … WHERE holder IS NULL OR expires_at < now`, which PostgreSQL and
 * SQLite both make atomic per row), and gives it back when done; a lease a crashed process
 * left behind expires. Callers wait with a growing pause (25 ms to 250 ms) while every slot
 * is taken. Use it around the in-process `FairLimit`, which keeps tenants fair within a process.
 *
 * @example
 * ```ts
 * const slots = new SharedSlots(db, { max: 5, pluginId: 'netsuite', providerName: 'NetSuite' });
 * const invoices = await slots.run(`netsuite:${accountId}`, () => fetchInvoices());
 * ```
 */
export class SharedSlots {
  readonly #seeded = new Set<string>();

  constructor(
    private readonly db: Kysely<Database>,
    readonly options: SharedSlotsOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(options.max) || options.max < 1) throw new RangeError(`max must be a positive integer, not ${options.max}.`);
  }

  async run<T>(key: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const { slot, holder } = await this.#acquire(key, signal);
    try {
      return await task();
    } finally {
      // Given back even when the caller aborted; a failure here only delays reuse until the lease ends.
      await this.db
        .updateTable('provider_slots')
        .set({ holder: null, expires_at: 0 })
        .where('key', '=', key)
        .where('slot', '=', slot)
        .where('holder', '=', holder)
        .execute()
        .catch(() => undefined);
    }
  }

  /** Leases currently held for `key` (tests, metrics). */
  async held(key: string): Promise<number> {
    const rows = await this.db.selectFrom('provider_slots').select(['holder', 'expires_at']).where('key', '=', key).execute();
    const now = this.now();
    return rows.filter((r) => r.holder !== null && Number(r.expires_at) > now).length;
  }

  async #seed(key: string): Promise<void> {
    if (this.#seeded.has(key)) return;
    const rows = Array.from({ length: this.options.max }, (_, slot) => ({ key, slot, holder: null, expires_at: 0 }));
    await this.db
      .insertInto('provider_slots')
      .values(rows)
      .onConflict((oc) => oc.columns(['key', 'slot']).doNothing())
      .execute();
    this.#seeded.add(key);
  }

  async #acquire(key: string, signal?: AbortSignal): Promise<{ slot: number; holder: string }> {
    await this.#seed(key);
    const holder = randomUUID();
    // The wait is measured on the monotonic clock; the injected one dates the leases.
    const started = performance.now();
    const maxWait = this.options.maxWaitMs ?? 30_000;
    // Start at a different slot per call so concurrent callers do not all race for slot 0.
    const offset = Math.floor(Math.random() * this.options.max);
    for (let round = 0; ; round++) {
      signal?.throwIfAborted();
      const now = this.now();
      for (let k = 0; k < this.options.max; k++) {
        const slot = (offset + k) % this.options.max;
        const taken = await this.db
          .updateTable('provider_slots')
          .set({ holder, expires_at: now + (this.options.leaseMs ?? 120_000) })
          .where('key', '=', key)
          .where('slot', '=', slot)
          .where((eb) => eb.or([eb('holder', 'is', null), eb('expires_at', '<', now)]))
          .executeTakeFirst();
        if (Number(taken.numUpdatedRows) === 1) return { slot, holder };
      }
      if (performance.now() - started >= maxWait) {
        throw new ProviderError(
          this.options.pluginId,
          errorMessage('provider_busy.account', { provider: this.options.pluginId, name: this.options.providerName }),
          {
            status: 503,
            code: 'provider_busy',
            retryAfterSeconds: 5,
          },
        );
      }
      await sleep(Math.min(250, 25 * 2 ** Math.min(round, 4)), signal);
    }
  }
}
