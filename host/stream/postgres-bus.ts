import pg from 'pg';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { EventBus, ReplayResult, StreamEvent } from '../ports/event-bus.js';
import { StreamLog } from './stream-log.js';

const CHANNEL = 'glasspane_events';

export interface PostgresEventBusOptions {
  /** The same database the host uses. */
  connectionString: string;
  /** Schema of the host's tables, when not `public`. */
  schema?: string;
  /** How long events stay replayable. Default 1 hour. */
  retentionMs?: number;
}

/**
 * The event bus for several host processes on one PostgreSQL: every event is a row in
 * `stream_events` (the replay log, shared, so `Last-Event-ID` works against any process)
 * and a NOTIFY; each process LISTENs and delivers new rows to its own SSE connections.
 */
export class PostgresEventBus implements EventBus {
  readonly #listeners = new Set<(event: StreamEvent) => void>();
  readonly #client: pg.Client;
  readonly #db: Db;
  readonly #log: StreamLog;
  readonly #retentionMs: number;
  /** Highest id delivered; rows are read from a little before it, so a late commit is not skipped. */
  #last = 0;
  readonly #delivered = new Set<number>();
  #reading: Promise<void> | null = null;
  #again = false;
  #pruneTimer: NodeJS.Timeout | undefined;
  #closed = false;

  private constructor(db: Db, client: pg.Client, retentionMs: number) {
    this.#db = db;
    this.#log = new StreamLog(db);
    this.#client = client;
    this.#retentionMs = retentionMs;
  }

  static async connect(db: Db, options: PostgresEventBusOptions): Promise<PostgresEventBus> {
    const client = new pg.Client({
      connectionString: options.connectionString,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    await client.connect();
    const bus = new PostgresEventBus(db, client, options.retentionMs ?? 3600_000);
    const max = await db
      .selectFrom('stream_events')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    bus.#last = Number(max?.id ?? 0);
    client.on('notification', () => bus.#read());
    // A lost LISTEN connection would silently stop realtime delivery: say so loudly.
    client.on('error', (err) => console.error('[glasspane] event bus connection failed', err.message));
    await client.query(`LISTEN ${CHANNEL}`);
    bus.#pruneTimer = setInterval(() => void bus.#prune().catch(() => undefined), 60_000);
    bus.#pruneTimer.unref();
    return bus;
  }

  async publish(tenant: string, topic: string, data: unknown): Promise<StreamEvent> {
    const row = await this.#db
      .insertInto('stream_events')
      .values({ tenant_id: tenant, topic, data: JSON.stringify(data), created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    await sql`SELECT pg_notify(${CHANNEL}, ${String(id)})`.execute(this.#db);
    return { id, tenant, topic, data };
  }

  subscribe(listener: (event: StreamEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * The highest id delivered here. Another process's newer event may not have reached this one
   * yet: it has a higher id, so a replay from here includes it. An older id that commits
   * late is no loss: its publisher committed the change before publishing, so a read after this sees it.
   */
  position(): number {
    return this.#last;
  }

  replay(tenant: string, lastId: number): Promise<ReplayResult> {
    return this.#log.replay(tenant, lastId, this.#last);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#pruneTimer);
    await this.#reading?.catch(() => undefined);
    await this.#client.end().catch(() => undefined);
  }

  /** Reads rows past the last delivered one; one read at a time, repeated if notified meanwhile. */
  #read(): void {
    if (this.#closed) return;
    if (this.#reading) {
      this.#again = true;
      return;
    }
    this.#reading = (async () => {
      do {
        this.#again = false;
        const rows = await this.#db
          .selectFrom('stream_events')
          .selectAll()
          .where('id', '>', this.#last - 100)
          .orderBy('id')
          .limit(5000)
          .execute();
        for (const row of rows) {
          const event = toEvent(row);
          if (this.#delivered.has(event.id) || event.id <= this.#last - 100) continue;
          this.#delivered.add(event.id);
          if (event.id > this.#last) this.#last = event.id;
          for (const listener of this.#listeners) {
            try {
              listener(event);
            } catch {
              // One broken connection must not stop delivery to the others.
            }
          }
        }
        for (const id of this.#delivered) if (id <= this.#last - 100) this.#delivered.delete(id);
      } while (this.#again && !this.#closed);
    })().finally(() => (this.#reading = null));
  }

  async #prune(): Promise<void> {
    await this.#db
      .deleteFrom('stream_events')
      .where('created_at', '<', new Date(Date.now() - this.#retentionMs).toISOString())
      .execute();
  }
}

const toEvent = (row: { id: number | string; tenant_id: string; topic: string; data: string }): StreamEvent => ({
  id: Number(row.id),
  tenant: row.tenant_id,
  topic: row.topic,
  data: JSON.parse(row.data),
});
