import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { ROOT_CONTEXT, SpanStatusCode, type Span } from '@opentelemetry/api';
import type { Db } from './db/database.js';
import { ProviderError } from './errors.js';
import { tracer } from './observability/tracing.js';
import { withProviderOperation } from './provider-operation.js';

/**
 * Background work (status polling, usage collection, autopay, gathering account events)
 * that several host processes sharing one database run once per interval between them,
 * not once each. A run is claimed with one conditional UPDATE on `background_jobs`
 * (compare-and-set on the last start), which every dialect does atomically. A process that
 * dies mid-run holds nothing: the job is claimed again when its interval has passed.
 * Each run this process makes is one span, `job <name>` (see docs/deploying.md, Traces).
 */
export class Jobs {
  /** This process, as `background_jobs.owner` names it. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly #running = new Set<string>();
  readonly #active = new Set<Promise<unknown>>();
  #stopped = false;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    /** Hears each run this process made: a failure's error is what `work` threw (logs, metrics). */
    private readonly onFinished?: (name: string, error: unknown, at: Date) => void,
  ) {}

  /**
   * Starts no new run, and resolves once the runs under way have finished (shutdown: the
   * database is closed only after them, so no run is cut off mid-write).
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.allSettled([...this.#active]);
  }

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
    if (this.#running.has(name) || this.#stopped) return false;
    this.#running.add(name);
    const running = this.#run(name, everyMs, work);
    this.#active.add(running);
    try {
      return await running;
    } finally {
      this.#active.delete(running);
      this.#running.delete(name);
    }
  }

  async #run(name: string, everyMs: number, work: () => Promise<unknown>): Promise<boolean> {
    if (!(await this.claim(name, everyMs))) return false;
    // One span per run, the root of its own trace (whatever context started the timer): the
    // provider calls the work makes are its children, and `onFinished` logs inside it.
    await tracer().startActiveSpan(`job ${name}`, { attributes: { 'glasspane.job': name } }, ROOT_CONTEXT, async (span) => {
      try {
        let error: string | null = null;
        let thrown: unknown;
        try {
          // Provider calls the work makes outside a port call are counted as `job.<name>`.
          await withProviderOperation(`job.${name}`, work);
        } catch (err) {
          thrown = err;
          error = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
        }
        // The outcome as glasspane_job_runs_total labels it.
        span.setAttribute('glasspane.job.outcome', error === null ? 'ok' : 'failed');
        if (error !== null) failed(span, thrown ?? error);
        const finishedAt = this.now();
        await this.db
          .updateTable('background_jobs')
          .set({ last_finished_at: finishedAt.toISOString(), last_error: error })
          .where('name', '=', name)
          .where('owner', '=', this.owner)
          .execute();
        this.onFinished?.(name, error === null ? undefined : (thrown ?? error), finishedAt);
      } catch (err) {
        // Recording the run failed (the database): the span says so too.
        failed(span, err);
        throw err;
      } finally {
        span.end();
      }
    });
    return true;
  }
}

/** Marks a job's span failed: error status with the message, an exception event, and `error.type` (a provider error's code). */
function failed(span: Span, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  span.recordException(err instanceof Error ? err : message);
  span.setStatus({ code: SpanStatusCode.ERROR, message: message.slice(0, 1000) });
  span.setAttribute('error.type', err instanceof ProviderError ? err.code : err instanceof Error ? err.name : 'Error');
}
