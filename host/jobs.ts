import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Db } from './db/database.js';

/**
 * Background work (status polling, usage collection, autopay, gathering account events)
 * that several host processes sharing one database run once per interval between them,
 * not once each. A run is claimed with one conditional UPDATE on `background_jobs`
 * (compare-and-set on the last start), which every dialect does atomically. A process that
 * dies mid-run holds nothing: the job is claimed again when its interval has passed.
 */
export class Jobs {
  /** This process, as `background_jobs.owner` names it. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly #running = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /**
   * Claims this interval's run of `name`: true when no process started it within the last
   * `everyMs` (less a tenth, so timers that drift do not skip a round).
   */
  async claim(name: string, everyMs: number): Promise<boolean> {
    const now = this.now();
    await this.db
      .insertInto('background_jobs')
      .values({ name, last_started_at: new Date(0).toISOString(), last_finished_at: null, owner: this.owner, last_error: null })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const claimed = await this.db
      .updateTable('background_jobs')
      .set({ last_started_at: now.toISOString(), owner: this.owner })
      .where('name', '=', name)
      .where('last_started_at', '<=', new Date(now.getTime() - everyMs * 0.9).toISOString())
      .executeTakeFirst();
    return Number(claimed.numUpdatedRows) === 1;
  }

  /** Runs `work` if this process claims the interval; never two runs of one job in this process at once. */
  async run(name: string, everyMs: number, work: () => Promise<unknown>): Promise<boolean> {
    if (this.#running.has(name)) return false;
    this.#running.add(name);
    try {
      if (!(await this.claim(name, everyMs))) return false;
      let error: string | null = null;
      try {
        await work();
      } catch (err) {
        error = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
      }
      await this.db.updateTable('background_jobs').set({ last_finished_at: this.now().toISOString(), last_error: error }).where('name', '=', name).where('owner', '=', this.owner).execute();
      return true;
    } finally {
      this.#running.delete(name);
    }
  }
}
