import { PostgresAdapter, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { prepared } from '../../db/prepared.js';
import type { UsageSampleTable } from '../../db/schema.js';
import type { Metric } from '../../ports/metrics-provider.js';
import { downsampleBands } from './downsample.js';
import { computeStats, type SampleColumns, type UsageStats } from './stats.js';

/** Columns read in thousandths (see #rangeQuery). */
const MILLI = new Set(['sum', 'min', 'max']);

type RangeQuery = (tenant: string, serverId: string, metric: Metric, tier: Tier, start: number, end: number) => Promise<SampleColumns>;

/** Storage tiers: bucket width and how long rows are kept. */
export const TIERS = [
  { tier: 0, name: 'raw', bucketSeconds: 0, retentionSeconds: 48 * 3600 },
  { tier: 1, name: '5m', bucketSeconds: 300, retentionSeconds: 30 * 86400 },
  { tier: 2, name: '1h', bucketSeconds: 3600, retentionSeconds: 396 * 86400 },
] as const;
export type Tier = 0 | 1 | 2;

export interface UsageSeries {
  metric: Metric;
  tier: (typeof TIERS)[number]['name'];
  /** Seconds since the epoch, ascending. */
  times: number[];
  /** Each point's value; the mean of the samples it stands for when downsampled. */
  values: number[];
  /** When downsampled: each point's lowest and highest sample (a chart's band around the mean). */
  low?: number[];
  high?: number[];
  stats: UsageStats;
}

export interface SampleInput {
  tenant: string;
  serverId: string;
  metric: Metric;
  /** Seconds since the epoch. */
  at: number;
  value: number;
}

/**
 * Usage time series in SQL with rollups: every raw sample also lands in its 5-minute and
 * hourly bucket (sum, count, min, max), so long ranges read few rows and keep their peaks.
 */
export class UsageStore {
  /** One tier's rows in a range: raw and rollup tiers (see #rangeQuery). */
  readonly #range: Record<'raw' | 'rollup', RangeQuery>;

  constructor(private readonly db: Db) {
    this.#range = { raw: this.#rangeQuery(['at', 'sum']), rollup: this.#rangeQuery(['at', 'sum', 'count', 'min', 'max']) };
  }

  /**
   * One tier's rows in a range, read as one row of JSON arrays (`json_agg` on PostgreSQL,
   * `json_group_array` on SQLite). The arrays come in the order the engine read the rows:
   * the primary key's, so time order, when it walks the key (SQLite always does here).
   * No ORDER BY: inside each aggregate it would sort once per column, and an ordered
   * subquery cost a fifth more; the columns are put in time order here where needed.
   * Values travel in thousandths, as integers: the API rounds them to three decimals anyway,
   * and writing doubles as JSON text was half of SQLite's time for this query. (One row of
   * arrays at all: materialising a row object per sample in the driver cost more than the query.)
   * Compiled once: on the usage endpoint, building and compiling it cost as much as running it.
   * The parsed arrays are the answer's own: thousandths are turned into units in place.
   */
  #rangeQuery(columns: readonly ('at' | 'sum' | 'count' | 'min' | 'max')[]): RangeQuery {
    const agg = sql.raw(this.db.getExecutor().adapter instanceof PostgresAdapter ? 'json_agg' : 'json_group_array');
    const select = (c: (typeof columns)[number]) => (MILLI.has(c) ? sql`CAST(ROUND(${sql.ref(c)} * 1000) AS BIGINT)` : sql.ref(c));
    const query = prepared<[string, string, Metric, Tier, number, number], Record<string, unknown>>(
      this.db,
      (tenant: string, serverId: string, metric: string, tier: number, start: number, end: number) =>
        this.db
          .selectFrom('usage_samples')
          .select(columns.map((c) => sql`${agg}(${select(c)})`.as(c)))
          .where('tenant_id', '=', tenant)
          .where('server_id', '=', serverId)
          .where('metric', '=', metric)
          .where('tier', '=', tier)
          .where('at', '>=', start)
          .where('at', '<=', end),
    );
    const milli = columns.map((c) => MILLI.has(c));
    return async (tenant, serverId, metric, tier, start, end) => {
      const row = (await query(tenant, serverId, metric, tier, start, end))[0];
      const out: Partial<SampleColumns> = {};
      for (let k = 0; k < columns.length; k++) {
        const c = columns[k]!;
        // SQLite answers JSON text ('[]' for no rows); PostgreSQL parsed arrays (null for no rows).
        const value = row?.[c];
        const list: number[] = typeof value === 'string' ? JSON.parse(value) : ((value as number[] | null) ?? []);
        if (milli[k]) for (let i = 0; i < list.length; i++) list[i]! /= 1000;
        out[c] = list;
      }
      return inTimeOrder(out as SampleColumns);
    };
  }

  /** Records live samples: the raw row plus both rollups, in one transaction. */
  async record(samples: readonly SampleInput[]): Promise<void> {
    if (samples.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      // Merge rows that share a key first: PostgreSQL refuses to upsert one row twice in a statement.
      const merged = new Map<string, UsageSampleTable>();
      for (const s of samples) {
        for (const t of TIERS) {
          const at = t.bucketSeconds ? Math.floor(s.at / t.bucketSeconds) * t.bucketSeconds : Math.floor(s.at);
          const key = `${s.tenant}\u0000${s.serverId}\u0000${s.metric}\u0000${t.tier}\u0000${at}`;
          const row = merged.get(key);
          if (!row || t.tier === 0) {
            merged.set(key, {
              tenant_id: s.tenant,
              server_id: s.serverId,
              metric: s.metric,
              tier: t.tier,
              at,
              sum: s.value,
              count: 1,
              min: s.value,
              max: s.value,
            });
          } else {
            row.sum += s.value;
            row.count += 1;
            row.min = Math.min(row.min, s.value);
            row.max = Math.max(row.max, s.value);
          }
        }
      }
      const rows = [...merged.values()];
      // Raw rows for the same second replace each other; rollups accumulate.
      for (let i = 0; i < rows.length; i += 200) {
        await trx
          .insertInto('usage_samples')
          .values(rows.slice(i, i + 200))
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'server_id', 'metric', 'tier', 'at']).doUpdateSet({
              sum: sql`CASE WHEN usage_samples.tier = 0 THEN excluded.sum ELSE usage_samples.sum + excluded.sum END`,
              count: sql`CASE WHEN usage_samples.tier = 0 THEN 1 ELSE usage_samples.count + excluded.count END`,
              min: sql`CASE WHEN usage_samples.tier = 0 OR excluded.min < usage_samples.min THEN excluded.min ELSE usage_samples.min END`,
              max: sql`CASE WHEN usage_samples.tier = 0 OR excluded.max > usage_samples.max THEN excluded.max ELSE usage_samples.max END`,
            }),
          )
          .execute();
      }
    });
  }

  /**
   * Imports a provider's history into one tier without touching what is there
   * (backfill when a server is first seen). Samples already aligned by the provider.
   */
  async importHistory(tenant: string, serverId: string, metric: Metric, tier: Tier, samples: readonly { at: number; value: number }[]) {
    const bucket = TIERS[tier].bucketSeconds;
    const rows = samples.map((s) => ({
      tenant_id: tenant,
      server_id: serverId,
      metric,
      tier,
      at: bucket ? Math.floor(s.at / bucket) * bucket : Math.floor(s.at),
      sum: s.value,
      count: 1,
      min: s.value,
      max: s.value,
    }));
    for (let i = 0; i < rows.length; i += 500) {
      await this.db
        .insertInto('usage_samples')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }

  async hasHistory(tenant: string, serverId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('usage_samples')
      .select('at')
      .where('tenant_id', '=', tenant)
      .where('server_id', '=', serverId)
      .limit(1)
      .executeTakeFirst();
    return !!row;
  }

  /** The highest value of a metric since `start` (seconds), across every tier; `null` without samples. */
  async peak(tenant: string, serverId: string, metric: Metric, start: number): Promise<number | null> {
    const row = await this.db
      .selectFrom('usage_samples')
      .select((eb) => eb.fn.max('max').as('peak'))
      .where('tenant_id', '=', tenant)
      .where('server_id', '=', serverId)
      .where('metric', '=', metric)
      .where('at', '>=', Math.floor(start))
      .executeTakeFirst();
    return row?.peak == null ? null : Number(row.peak);
  }

  /** The finest tier that covers `[start, end]` within its retention. */
  static tierFor(start: number, end: number, now: number): Tier {
    const oldest = Math.min(start, end);
    if (now - oldest <= TIERS[0].retentionSeconds && end - start <= TIERS[0].retentionSeconds) return 0;
    if (now - oldest <= TIERS[1].retentionSeconds) return 1;
    return 2;
  }

  /**
   * A metric's series over `[start, end]` (seconds), at most `maxDataPoints` points
   * (downsampled into bands: each point the mean, lowest and highest of its samples, so
   * peaks stay visible), with statistics against `capacity`.
   */
  async series(
    tenant: string,
    serverId: string,
    metric: Metric,
    range: { start: number; end: number; maxDataPoints: number; now: number },
    capacity: number | null,
  ): Promise<UsageSeries> {
    let tier = UsageStore.tierFor(range.start, range.end, range.now);
    let rows = await this.#columns(tenant, serverId, metric, tier, range);
    // Fall back to a coarser tier when the fine one has nothing yet (fresh install, backfill only).
    while (rows.at.length === 0 && tier < 2) {
      tier = (tier + 1) as Tier;
      rows = await this.#columns(tenant, serverId, metric, tier, range);
    }
    const { at, sum, count, min, max } = rows;
    // Stored values arrive in thousandths already (#columns); only a bucket's mean needs rounding.
    const stats = computeStats(rows, capacity);
    if (at.length <= range.maxDataPoints) {
      const values = count ? sum.map((s, i) => Math.round((s / count[i]!) * 1000) / 1000) : sum;
      return { metric, tier: TIERS[tier].name, times: at, values, stats };
    }
    const total = Float64Array.from(sum);
    const low = min ? Float64Array.from(min) : total;
    const bands = downsampleBands(
      Float64Array.from(at),
      low,
      max ? Float64Array.from(max) : low,
      total,
      count ? Float64Array.from(count) : null,
      range.maxDataPoints,
    );
    const mean = Array.from(bands.mean, (m) => Math.round(m * 1000) / 1000);
    return {
      metric,
      tier: TIERS[tier].name,
      times: Array.from(bands.times),
      values: mean,
      low: Array.from(bands.low),
      high: Array.from(bands.high),
      stats,
    };
  }

  /**
   * One tier's rows in `[start, end]` (seconds, inclusive) as columns in time order, values
   * in units to three decimals (see #rangeQuery). A raw sample is one value, so raw reads
   * take two columns (`at`, `sum`), not five.
   */
  range(tenant: string, serverId: string, metric: Metric, tier: Tier, start: number, end: number): Promise<SampleColumns> {
    return this.#range[tier === 0 ? 'raw' : 'rollup'](tenant, serverId, metric, tier, start, end);
  }

  #columns(tenant: string, serverId: string, metric: Metric, tier: Tier, range: { start: number; end: number }): Promise<SampleColumns> {
    return this.range(tenant, serverId, metric, tier, Math.floor(range.start), Math.ceil(range.end));
  }

  /** Deletes rows past each tier's retention. Returns how many went. */
  async prune(nowSeconds: number): Promise<number> {
    let deleted = 0;
    for (const t of TIERS) {
      const result = await this.db
        .deleteFrom('usage_samples')
        .where('tier', '=', t.tier)
        .where('at', '<', nowSeconds - t.retentionSeconds)
        .executeTakeFirst();
      deleted += Number(result.numDeletedRows);
    }
    return deleted;
  }
}

/** The columns sorted by time; as they are (no copy) when they already are, the usual case. */
export function inTimeOrder(columns: SampleColumns): SampleColumns {
  const { at } = columns;
  let sorted = true;
  for (let i = 1; i < at.length && sorted; i++) sorted = at[i - 1]! <= at[i]!;
  if (sorted) return columns;
  const order = at.map((_, i) => i).sort((a, b) => at[a]! - at[b]!);
  const pick = (xs: number[] | undefined) => xs && order.map((i) => xs[i]!);
  return { at: pick(at)!, sum: pick(columns.sum)!, count: pick(columns.count), min: pick(columns.min), max: pick(columns.max) };
}
