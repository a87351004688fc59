import type { EventBus, ReplayResult, StreamEvent } from '../ports/event-bus.js';

/**
 * The default event bus: one process, a ring buffer as replay log. Bounded so a
 * host that runs for months keeps constant memory; a client that was away longer
 * than the buffer reaches is told to refetch instead of silently missing events.
 */
export class InProcessEventBus implements EventBus {
  readonly #listeners = new Set<(event: StreamEvent) => void>();
  readonly #log: StreamEvent[] = [];
  readonly #capacity: number;
  #nextId = 1;

  constructor(options: { capacity?: number } = {}) {
    this.#capacity = options.capacity ?? 1000;
  }

  async publish(tenant: string, topic: string, data: unknown): Promise<StreamEvent> {
    const event: StreamEvent = { id: this.#nextId++, tenant, topic, data };
    this.#log.push(event);
    if (this.#log.length > this.#capacity) this.#log.splice(0, this.#log.length - this.#capacity);
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // One broken connection must not stop delivery to the others.
      }
    }
    return event;
  }

  position(): number {
    return this.#nextId - 1;
  }

  subscribe(listener: (event: StreamEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async replay(tenant: string, lastId: number): Promise<ReplayResult> {
    const oldest = this.#log[0];
    // An id from the future (another host's numbering, a restart) cannot be trusted either.
    if (lastId >= this.#nextId) return { ok: false };
    if (oldest && lastId < oldest.id - 1) return { ok: false };
    if (!oldest && lastId > 0 && lastId < this.#nextId - 1) return { ok: false };
    return { ok: true, events: this.#log.filter((e) => e.id > lastId && e.tenant === tenant) };
  }
}
