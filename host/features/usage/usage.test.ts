import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createTestHost, collect, testNow, ADMIN_KEY, type TestHost } from '../../test/helpers.js';
import { MemoryCompute } from '../../test/fake-compute-provider.js';
import { downsampleBands } from './downsample.js';
import { computeStats } from './stats.js';
import { inTimeOrder, UsageStore } from './usage-store.js';
import { ProviderError } from '../../errors.js';

describe('band downsampling', () => {
  test("never returns more points than asked; each point has its bucket's lowest, mean and highest, in time order", () => {
    const n = 100_000;
    const t = new Float64Array(n);
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      t[i] = i;
      v[i] = 50 + Math.sin(i / 1000) * 10;
    }
    v[12_345] = 100; // a one-sample spike
    v[77_777] = 0; // a one-sample drop
    const out = downsampleBands(t, v, v, v, null, 500);
    assert.equal(out.times.length, 500);
    assert.equal(out.high[Math.floor(12_345 / 200)], 100, "the spike is its bucket's high");
    assert.equal(out.low[Math.floor(77_777 / 200)], 0, "the drop is its bucket's low");
    assert.ok(
      out.mean.every((m) => m > 39 && m < 61),
      "one sample moves no mean out of the sine's range",
    );
    for (let i = 1; i < out.times.length; i++) assert.ok(out.times[i]! > out.times[i - 1]!, 'ascending');
    for (let i = 0; i < out.times.length; i++) assert.ok(out.low[i]! <= out.mean[i]! && out.mean[i]! <= out.high[i]!, 'low ≤ mean ≤ high');
  });

  test('gaps stay gaps', () => {
    const gapT = Float64Array.from([0, 1, 2, 3, 1000, 1001, 1002, 1003]);
    const gapV = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const out = downsampleBands(gapT, gapV, gapV, gapV, null, 6);
    assert.deepEqual(Array.from(out.times), [0, 1000]);
    assert.deepEqual(
      [Array.from(out.low), Array.from(out.mean), Array.from(out.high)],
      [
        [1, 5],
        [2.5, 6.5],
        [4, 8],
      ],
    );
  });

  test('irregular times, repeated times, rollups: each bucket has exactly its own lowest, mean and highest', () => {
    // A reference that puts every point in its bucket one by one, against the bisecting one.
    const reference = (
      t: Float64Array,
      low: Float64Array,
      high: Float64Array,
      sum: Float64Array,
      count: Float64Array | null,
      maxPoints: number,
    ) => {
      const buckets = Math.min(t.length, maxPoints);
      const span = t[t.length - 1]! - t[0]! || 1;
      const out: number[][] = [];
      for (let b = 0; b < buckets; b++) {
        const inBucket = [...t.keys()].filter(
          (i) => (b === 0 || t[i]! >= t[0]! + (span * b) / buckets) && (b === buckets - 1 || t[i]! < t[0]! + (span * (b + 1)) / buckets),
        );
        if (!inBucket.length) continue;
        const samples = inBucket.reduce((a, i) => a + (count ? count[i]! : 1), 0);
        const total = inBucket.reduce((a, i) => a + sum[i]!, 0);
        out.push([
          t[inBucket[0]!]!,
          Math.min(...inBucket.map((i) => low[i]!)),
          total / samples,
          Math.max(...inBucket.map((i) => high[i]!)),
        ]);
      }
      return out;
    };
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const irregular = (n: number) => {
      const t = new Float64Array(n);
      for (let i = 1; i < n; i++) t[i] = t[i - 1]! + (random() < 0.2 ? 0 : Math.floor(random() * 120)) + (random() < 0.01 ? 5000 : 0);
      return t;
    };
    // Pairs of equal times, some of them exactly on bucket boundaries.
    const onBoundaries = Float64Array.from({ length: 2001 }, (_, i) => Math.floor(i / 2) * 10);
    for (const t of [irregular(50), irregular(997), irregular(5000), onBoundaries]) {
      const n = t.length;
      const low = Float64Array.from({ length: n }, () => Math.round(random() * 100));
      const high = low.map((x) => x + Math.round(random() * 20));
      const count = Float64Array.from({ length: n }, () => 1 + Math.floor(random() * 12));
      const sum = low.map((x, i) => ((x + high[i]!) / 2) * count[i]!);
      for (const [lo, hi, total, counts] of [
        [low, low, low, null],
        [low, high, sum, count],
      ] as const) {
        for (const maxPoints of [10, 33, 200]) {
          const out = downsampleBands(t, lo, hi, total, counts, maxPoints);
          const got = Array.from(out.times, (time, i) => [time, out.low[i]!, out.mean[i]!, out.high[i]!]);
          const want = reference(t, lo, hi, total, counts, maxPoints);
          assert.equal(got.length, want.length, `n=${n}, maxPoints=${maxPoints}, rollup=${lo !== hi}`);
          got.forEach((row, i) =>
            row.forEach((x, j) => assert.ok(Math.abs(x - want[i]![j]!) < 1e-9, `n=${n}, maxPoints=${maxPoints}, point ${i}`)),
          );
        }
      }
    }
  });
});

describe('usage statistics', () => {
  const columns = (values: number[]) => ({
    at: values.map((_, i) => i),
    sum: values,
    count: values.map(() => 1),
    min: values,
    max: values,
  });
  test('peak, p95, time above 90 % and separate limit episodes', () => {
    const values = [10, 20, 99, 100, 30, 95, 40, 99.5, 99.9, 10];
    const stats = computeStats(columns(values), 100);
    assert.equal(stats.peak, 100);
    assert.equal(stats.limitHits, 2, '99,100 is one episode; 99.5,99.9 another');
    const noisy = computeStats(columns([50, 99, 97, 99, 96, 98.5, 91, 99, 85, 99]), 100);
    assert.equal(noisy.limitHits, 2, 'wobbling between 91 and 99 stays one episode until usage drops below 90');
    assert.equal(stats.shareAbove90, 0.5);
    assert.equal(stats.current, 10);
    assert.equal(stats.p95, 100);
  });
  test('samples read out of time order are put in order, every column alike', () => {
    const sorted = { at: [1, 2, 3], sum: [10, 20, 30] };
    assert.equal(inTimeOrder(sorted), sorted, 'in order: returned as it is');
    assert.deepEqual(inTimeOrder({ at: [3, 1, 2], sum: [30, 10, 20], count: [3, 1, 2], min: [3, 1, 2], max: [3, 1, 2] }), {
      at: [1, 2, 3],
      sum: [10, 20, 30],
      count: [1, 2, 3],
      min: [1, 2, 3],
      max: [1, 2, 3],
    });
  });
  test('no data, no claims', () => {
    assert.deepEqual(computeStats(columns([]), 100), {
      peak: null,
      p95: null,
      shareAbove90: 0,
      limitHits: 0,
      current: null,
      capacity: 100,
    });
  });
});

describe('usage store and endpoint', () => {
  let host: TestHost;
  let cloud: MemoryCompute;
  let token: string;
  const now = Math.floor(testNow().getTime() / 1000);

  beforeEach(async () => {
    cloud = new MemoryCompute();
    cloud.addServer('p', { id: 's1', name: 'web-01' });
    host = await createTestHost({ plugins: [cloud.plugin()], collectMs: 0 });
    await host.request('PUT', '/api/v1/tenants/acme', {
      token: ADMIN_KEY,
      body: { data: { type: 'tenants', attributes: { name: 'Acme', computeAccounts: [{ source: 'memcloud', scope: 'p' }] } } },
    });
    await host.request('PUT', '/api/v1/tenants/globex', {
      token: ADMIN_KEY,
      body: { data: { type: 'tenants', attributes: { name: 'Globex' } } },
    });
    token = await host.token('acme');
  });
  afterEach(() => host.close());

  test('raw samples roll up into 5-minute and hourly buckets with mean, min and max', async () => {
    const store = host.services.usage.store;
    const base = Math.floor(now / 3600) * 3600 - 3600;
    await store.record(
      [10, 30, 50].map((value, i) => ({ tenant: 'acme', serverId: 'memcloud:s1', metric: 'cpu' as const, at: base + i * 60, value })),
    );
    const rows = await host.services.db
      .selectFrom('usage_samples')
      .selectAll()
      .where('server_id', '=', 'memcloud:s1')
      .orderBy('tier')
      .orderBy('at')
      .execute();
    const byTier = (t: number) => rows.filter((r) => r.tier === t);
    assert.equal(byTier(0).length, 3);
    assert.deepEqual(
      byTier(1).map((r) => [r.sum, r.count, r.min, r.max]),
      [[90, 3, 10, 50]],
    );
    assert.deepEqual(
      byTier(2).map((r) => [r.sum, r.count, r.min, r.max]),
      [[90, 3, 10, 50]],
    );
  });

  test('the endpoint never returns more than maxDataPoints, keeps the peak, and states capacity and stats', async () => {
    const store = host.services.usage.store;
    const samples = [];
    for (let i = 0; i < 2000; i++)
      samples.push({
        tenant: 'acme',
        serverId: 'memcloud:s1',
        metric: 'cpu' as const,
        at: now - 2000 * 60 + i * 60,
        value: i === 1500 ? 100 : 40,
      });
    await store.record(samples);
    const start = new Date((now - 2001 * 60) * 1000).toISOString();
    const res = await host.request('GET', `/api/v1/servers/memcloud:s1/usage?metric=cpu&start=${start}&maxDataPoints=100`, { token });
    assert.equal(res.status, 200);
    const { attributes } = ((await res.json()) as any).data;
    assert.ok(attributes.times.length <= 100);
    assert.equal(attributes.times.length, attributes.values.length);
    assert.equal(attributes.high.length, attributes.values.length);
    assert.ok(attributes.high.includes(100), "the one-minute peak survives as its point's high");
    assert.ok(
      attributes.values.every((v: number, i: number) => attributes.low[i] <= v && v <= attributes.high[i]),
      'each mean lies in its band',
    );
    assert.equal(attributes.resolution, 'raw');
    assert.equal(attributes.capacity, 100);
    assert.equal(attributes.unit, 'percent');
    assert.equal(attributes.stats.peak, 100);
    assert.equal(attributes.stats.limitHits, 1);
  });

  test('a week reads the 5-minute tier: bucket means when they fit, mean and low–high bands when downsampled', async () => {
    const store = host.services.usage.store;
    const bucket = Math.floor(now / 300) * 300 - 6 * 86400;
    // Two samples in one bucket (mean 20, max 30), then a day of flat 40 with one 95 spike.
    const samples = [10, 30].map((value, i) => ({
      tenant: 'acme',
      serverId: 'memcloud:s1',
      metric: 'cpu' as const,
      at: bucket + i * 60,
      value,
    }));
    for (let i = 1; i <= 288; i++)
      samples.push({ tenant: 'acme', serverId: 'memcloud:s1', metric: 'cpu', at: bucket + 86400 + i * 300, value: i === 100 ? 95 : 40 });
    await store.record(samples);
    const start = new Date((now - 7 * 86400) * 1000).toISOString();
    const read = async (maxDataPoints: number) =>
      (
        (await (
          await host.request('GET', `/api/v1/servers/memcloud:s1/usage?metric=cpu&start=${start}&maxDataPoints=${maxDataPoints}`, { token })
        ).json()) as any
      ).data.attributes;
    const all = await read(1000);
    assert.equal(all.resolution, '5m');
    assert.equal(all.times.length, 289);
    assert.deepEqual([all.times[0], all.values[0]], [bucket, 20], 'a bucket is shown as its mean');
    assert.ok(
      all.times.every((t: number, i: number) => i === 0 || t > all.times[i - 1]),
      'in time order',
    );
    assert.equal(all.stats.peak, 95);
    const few = await read(20);
    assert.ok(few.times.length <= 20);
    assert.ok(few.high.includes(95), 'the spike survives downsampling');
    assert.ok(few.low.includes(10), 'so does the trough inside a bucket');
    // The first point's samples: the bucket of 10 and 30 (2 samples), then flat 40s; its mean weighs each sample once.
    assert.ok(few.values[0] > 10 && few.values[0] < 40, "a point is its samples' mean");
    assert.equal(all.low, undefined, 'no band when nothing was downsampled');
  });

  test('capacity comes from the flavor, or from the plan where one is set', async () => {
    const memory = async () =>
      ((await (await host.request('GET', '/api/v1/servers/memcloud:s1/usage?metric=memory', { token })).json()) as any).data.attributes
        .capacity;
    assert.equal(await memory(), 4096);
    await host.services.usage.setPlanCapacity('acme', 'memcloud:s1', 'memory', 8192);
    assert.equal(await memory(), 8192);
  });

  test('long ranges read the coarse tiers', () => {
    assert.equal(UsageStore.tierFor(now - 3600, now, now), 0);
    assert.equal(UsageStore.tierFor(now - 7 * 86400, now, now), 1);
    assert.equal(UsageStore.tierFor(now - 365 * 86400, now, now), 2);
  });

  test('retention drops raw after 48 h and 5-minute rows after 30 days', async () => {
    const store = host.services.usage.store;
    await store.record([{ tenant: 'acme', serverId: 'memcloud:s1', metric: 'cpu', at: now - 3 * 86400, value: 5 }]);
    await store.prune(now);
    const tiers = (await host.services.db.selectFrom('usage_samples').select('tier').execute()).map((r) => r.tier).sort();
    assert.deepEqual(tiers, [1, 2]);
  });

  test("another tenant's server, a bad metric and a reversed range are refused", async () => {
    const globex = await host.token('globex');
    assert.equal((await host.request('GET', '/api/v1/servers/memcloud:s1/usage?metric=cpu', { token: globex })).status, 404);
    const bad = await host.request('GET', '/api/v1/servers/memcloud:s1/usage?metric=temperature', { token });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as any).errors[0].source.parameter, 'metric');
    const reversed = await host.request(
      'GET',
      `/api/v1/servers/memcloud:s1/usage?metric=cpu&start=2030-01-02T00:00:00Z&end=2030-01-01T00:00:00Z`,
      { token },
    );
    assert.equal(reversed.status, 400);
  });

  test('collection backfills history once, records the current sample and streams it', async () => {
    const stream = collect(host, 'usage');
    let historyCalls = 0;
    cloud.historyFn = (metric, range) => {
      historyCalls++;
      return metric === 'cpu' ? [{ at: new Date(range.end.getTime() - 3600_000).toISOString(), value: 12 }] : [];
    };
    await host.services.usage.collect();
    assert.ok(historyCalls > 0);
    const calls = historyCalls;
    await host.services.usage.collect();
    assert.equal(historyCalls, calls, 'history is fetched once');
    await stream.until((e) => e.length >= 2);
    assert.deepEqual(
      stream.events.slice(0, 2).map((e) => [e.tenant, e.data.serverId, e.data.metric, e.data.value]),
      [
        ['acme', 'memcloud:s1', 'cpu', 42],
        ['acme', 'memcloud:s1', 'memory', 2048],
      ],
    );
    const res = await host.request('GET', '/api/v1/servers/memcloud:s1/usage?metric=cpu', { token });
    const { attributes } = ((await res.json()) as any).data;
    assert.ok(attributes.values.includes(12) && attributes.values.includes(42));
  });

  test('a failing metrics provider costs its own samples, nothing else', async () => {
    cloud.failing = new ProviderError('memcloud', 'down');
    await host.services.usage.collect();
    assert.equal((await host.services.db.selectFrom('usage_samples').selectAll().execute()).length, 0);
  });
});
