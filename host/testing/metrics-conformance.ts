import { describe, test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderError } from '../errors.js';
import { METRICS, type Metric, type MetricRange, type MetricSample, type MetricsProvider } from '../ports/metrics-provider.js';

/**
 * What a MetricsProvider's conformance run needs: the provider, a running server of the
 * account under test with measures over the hour before `now`, and a running server with
 * measures of ANOTHER account that the provider's credentials could reach (an admin service
 * user, a provider login).
 */
export interface MetricsConformanceSubject {
  provider: MetricsProvider;
  /** The account under test (an OpenStack project id, a Cloud Director org). */
  scope: string;
  serverId: string;
  other: { scope: string; serverId: string };
  /** The provider's clock (its injected `now`, the fake's clock): ranges are asked relative to it. */
  now: Date;
  close?(): Promise<void>;
}

type Usage = Partial<Record<Metric, MetricSample>>;

/** The units the host shows and compares across providers. */
const LIMITS: Record<Metric, { min: number; max: number; unit: string }> = {
  cpu: { min: 0, max: 100, unit: 'percent' },
  memory: { min: 0, max: Infinity, unit: 'MiB' },
  disk: { min: 0, max: Infinity, unit: 'GiB' },
  bandwidth: { min: 0, max: Infinity, unit: 'Mbit/s' },
};

function assertSample(metric: string, s: MetricSample, what: string): void {
  assert.ok((METRICS as string[]).includes(metric), `${what}: "${metric}" is not one of ${METRICS.join(', ')}`);
  const limits = LIMITS[metric as Metric];
  assert.ok(typeof s.at === 'string' && !Number.isNaN(Date.parse(s.at)), `${what}: at is not a date: ${s.at}`);
  assert.equal(new Date(s.at).toISOString(), s.at, `${what}: at is not a UTC instant (${s.at})`);
  assert.ok(typeof s.value === 'number' && Number.isFinite(s.value), `${what}: value ${s.value} is not a number`);
  assert.ok(s.value >= limits.min && s.value <= limits.max, `${what}: ${s.value} is outside ${limits.min}–${limits.max} ${limits.unit}`);
}

function assertUsage(usage: Usage, now: Date, what: string): void {
  for (const [metric, sample] of Object.entries(usage)) {
    assertSample(metric, sample, `${what} ${metric}`);
    assert.ok(Date.parse(sample.at) <= now.getTime(), `${what} ${metric}: at ${sample.at} is after now (${now.toISOString()})`);
  }
}

/**
 * Another account's server is never read: a refusal as not found, or nothing.
 * `empty` is what "nothing" looks like for the call.
 */
async function assertNotRead(promise: Promise<unknown>, empty: unknown, what: string): Promise<void> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (err: unknown) => ({ err }),
  );
  if ('err' in outcome) {
    assert.ok(outcome.err instanceof ProviderError, `${what}: expected a ProviderError, got ${String(outcome.err)}`);
    assert.equal(outcome.err.failure, 'not_found', `${what}: ${outcome.err.message}`);
  } else {
    assert.deepEqual(outcome.value, empty, `${what}: answered values`);
  }
}

/**
 * The behaviour every MetricsProvider owes the host, as a `node:test` suite: only the four
 * metrics, in Glasspane's units (cpu 0–100 percent, memory MiB, disk GiB, bandwidth Mbit/s)
 * with UTC instants; history oldest first within the range asked, and an empty array (not an
 * error) for a range without data; tenancy (another account's server is refused as not found
 * or answers nothing, never its values); and `currentMany`, where implemented, answering what
 * `current` answers and leaving out ids of other accounts and unknown ones. Run it against the
 * plugin's fake with a fixed clock, so `current` and `currentMany` see the same moment.
 *
 * @example
 * ```ts
 * metricsProviderConformance('my-cloud', async () => {
 *   const now = new Date('2026-01-05T10:00:30Z');
 *   const fake = await startMyCloudFake({ now: () => now.getTime() });
 *   const mine = fake.addServer('mine', { name: 'web' });
 *   const theirs = fake.addServer('someone-else', { name: 'db' });
 * return { provider: new MyMetrics(fake.url, { now: () => now }), scope: 'mine', serverId: mine.id, other: { scope: 'someone-else',
 * serverId: theirs.id }, now, close: fake.close };
 * });
 * ```
 */
export function metricsProviderConformance(name: string, setup: () => Promise<MetricsConformanceSubject>): void {
  describe(`MetricsProvider conformance: ${name}`, () => {
    let s: MetricsConformanceSubject;
    let hour: MetricRange;
    before(async () => {
      s = await setup();
      hour = { start: new Date(s.now.getTime() - 3600_000), end: s.now, granularitySeconds: 300 };
    });
    after(async () => {
      await s?.close?.();
    });

    test('current answers only the four metrics, in their units, at UTC instants no later than now', async () => {
      const usage = await s.provider.current(s.scope, s.serverId);
      assert.ok(Object.keys(usage).length > 0, `${name}: no current usage for the subject's server`);
      assertUsage(usage, s.now, 'current');
    });

    test('history is oldest first, within the range asked, in the metric’s units; at least one metric has samples', async () => {
      let samples = 0;
      for (const metric of METRICS) {
        const history = await s.provider.history(s.scope, s.serverId, metric, hour);
        assert.ok(Array.isArray(history), `${metric}: not an array`);
        history.forEach((x, i) => assertSample(metric, x, `${metric}[${i}]`));
        const at = history.map((x) => Date.parse(x.at));
        for (let i = 1; i < at.length; i++) assert.ok(at[i]! > at[i - 1]!, `${metric}: not oldest first at ${history[i]!.at}`);
        // A sample's `at` starts its period: the first may begin up to one step before the start.
        const step = Math.max(hour.granularitySeconds! * 1000, at.length > 1 ? at[1]! - at[0]! : 0);
        for (const [i, t] of at.entries()) {
          assert.ok(t <= hour.end.getTime(), `${metric}: ${history[i]!.at} is after the range's end`);
          assert.ok(t > hour.start.getTime() - step, `${metric}: ${history[i]!.at} is before the range's start`);
        }
        samples += history.length;
      }
      assert.ok(samples > 0, `${name}: no history in the hour before now for the subject's server`);
    });

    test('a range without data is an empty array, not an error', async () => {
      const future = { start: new Date(s.now.getTime() + 3600_000), end: new Date(s.now.getTime() + 7200_000), granularitySeconds: 300 };
      for (const metric of METRICS)
        assert.deepEqual(await s.provider.history(s.scope, s.serverId, metric, future), [], `${metric}: samples in the future`);
    });

    test("another account's server is never read: refused as not found, or nothing", async () => {
      const theirs = await s.provider.current(s.other.scope, s.other.serverId);
      assert.ok(
        Object.keys(theirs).length > 0,
        `${name}: the other account's server needs current usage (in its own scope) for this test to mean anything`,
      );
      await assertNotRead(s.provider.current(s.scope, s.other.serverId), {}, 'current');
      for (const metric of METRICS)
        await assertNotRead(s.provider.history(s.scope, s.other.serverId, metric, hour), [], `history ${metric}`);
      await assertNotRead(s.provider.current(s.scope, 'no-such-server-0000'), {}, 'current of an unknown id');
    });

    test('currentMany, where implemented, answers what current answers and leaves out other accounts’ and unknown ids', async (t) => {
      if (!s.provider.currentMany) return t.skip('currentMany is not implemented');
      const many = await s.provider.currentMany(s.scope, [s.serverId, s.other.serverId, 'no-such-server-0000']);
      assert.deepEqual([...many.keys()], [s.serverId]);
      assertUsage(many.get(s.serverId)!, s.now, 'currentMany');
      assert.deepEqual(many.get(s.serverId), await s.provider.current(s.scope, s.serverId), 'currentMany differs from current');
      assert.equal((await s.provider.currentMany(s.scope, [s.other.serverId])).size, 0, "another account's server alone");
      assert.equal((await s.provider.currentMany(s.scope, [])).size, 0, 'no ids');
    });
  });
}
