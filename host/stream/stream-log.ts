import type { Db } from '../db/database.js';
import { prepared } from '../db/prepared.js';
import type { ReplayResult, StreamEvent } from '../ports/event-bus.js';

/** Most events one replay returns; a client further behind gets the oldest ones first and the rest live or on its next resume. */
export const REPLAY_LIMIT = 5000;

/**
 * The replay log's reads (`stream_events`): what a client resuming with `Last-Event-ID`
 * gets, on any host process that shares the database (`PostgresEventBus`). Both queries are
 * compiled once: every reconnect of every tab runs them.
 */
type LogRow = { id: number | string; topic: string; data: string };

export class StreamLog {
  readonly #oldest: () => Promise<{ id: number | string | null }[]>;
  readonly #after: (tenant: string, lastId: number) => Promise<LogRow[]>;

  constructor(db: Db) {
    this.#oldest = prepared(db, () => db.selectFrom('stream_events').select((eb) => eb.fn.min('id').as('id')));
    this.#after = prepared(db, (tenant: string, lastId: number) =>
      db
        .selectFrom('stream_events')
        .select(['id', 'topic', 'data'])
        .where('tenant_id', '=', tenant)
        .where('id', '>', lastId)
        .orderBy('id')
        .limit(REPLAY_LIMIT),
    );
  }

  /**
   * The tenant's events after `lastId`, oldest first (at most REPLAY_LIMIT), or `ok: false`
   * when the log no longer reaches back to `lastId` or the id is further ahead of `newest`
   * (the highest id this process has seen) than a late commit explains.
   */
  async replay(tenant: string, lastId: number, newest: number): Promise<ReplayResult> {
    const [oldest] = await this.#oldest();
    const min = Number(oldest?.id ?? 0);
    if (lastId > newest + 1000 || (min > 0 && lastId < min - 1)) return { ok: false };
    const rows = await this.#after(tenant, lastId);
    const events = new Array<StreamEvent>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      events[i] = { id: Number(row.id), tenant, topic: row.topic, data: JSON.parse(row.data) };
    }
    return { ok: true, events };
  }
}
