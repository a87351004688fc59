import type { InjectionToken } from 'tsyringe';

/** One realtime event for one tenant on one topic (`maintenances`, `servers`, …). */
export interface StreamEvent {
  /** Monotonic across the bus. Never sent as is: the stream encrypts it per tenant (`stream/event-ids.ts`). */
  id: number;
  tenant: string;
  topic: string;
  data: unknown;
}

export type ReplayResult =
  | { ok: true; events: StreamEvent[] }
  /** The id is older than the replay log keeps: the client must refetch. */
  | { ok: false };

/**
 * Delivers realtime events to every SSE connection: `InProcessEventBus` for one process
 * (SQLite), `PostgresEventBus` (LISTEN/NOTIFY) when several host processes share PostgreSQL.
 */
export interface EventBus {
  publish(tenant: string, topic: string, data: unknown): Promise<StreamEvent>;
  /** Returns the unsubscribe function. */
  subscribe(listener: (event: StreamEvent) => void): () => void;
  /** Events for `tenant` after `lastId`, oldest first, from the bounded replay log. */
  replay(tenant: string, lastId: number): Promise<ReplayResult>;
  /**
   * The id of the newest event this process has seen, without a query: taken before a read,
   * `replay(tenant, position)` later gives every event the read may have missed (events
   * published during the read, or not yet seen here, come again: a duplicate, never a loss).
   * 0 before any event.
   */
  position(): number;
  close?(): Promise<void>;
}

export const EventBusToken: InjectionToken<EventBus> = Symbol.for('glasspane.EventBus');
