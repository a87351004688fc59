import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHost } from '../app.js';
import localPlugin from '../../plugins/local/index.js';
import { ADMIN_KEY, TEST_DATABASE_URL, createTestHost, waitFor, dropSchema } from './helpers.js';
import { MemoryCompute } from './fake-compute-provider.js';

describe('background jobs', () => {
  it('run once per interval however often they are asked, again after the interval, and record errors', async () => {
    let t = Date.parse('2026-11-24T12:00:00Z');
    const host = await createTestHost({ now: () => new Date(t) });
    try {
      const { Jobs } = await import('../jobs.js');
      const jobs = new Jobs(host.services.db, () => new Date(t));
      let runs = 0;
      const work = async () => void runs++;
      const results = await Promise.all(Array.from({ length: 5 }, () => jobs.run('demo', 60_000, work)));
      assert.equal(runs, 1);
      assert.deepEqual(results.filter(Boolean).length, 1);
      t += 30_000;
      assert.equal(await jobs.run('demo', 60_000, work), false, 'not before the interval');
      t += 30_000;
      assert.equal(await jobs.run('demo', 60_000, work), true);
      assert.equal(runs, 2);
      t += 60_000;
      await jobs.run('demo', 60_000, async () => {
        throw new Error('provider down');
      });
      const row = await host.services.db.selectFrom('background_jobs').selectAll().where('name', '=', 'demo').executeTakeFirstOrThrow();
      assert.equal(row.last_error, 'provider down');
      assert.equal(row.owner, jobs.owner);
    } finally {
      await host.close();
    }
  });

  it(
    'several processes on one PostgreSQL run a job once between them; a dead one holds nothing',
    { skip: TEST_DATABASE_URL ? false : 'no PostgreSQL: set GLASSPANE_TEST_DATABASE_URL' },
    async () => {
      const schema = `jobs_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
      let t = Date.parse('2026-11-24T12:00:00Z');
      const options = {
        adminKey: ADMIN_KEY,
        database: TEST_DATABASE_URL!,
        databaseSchema: schema,
        plugins: [localPlugin],
        pollMs: 0,
        collectMs: 0,
        autopayMs: 0,
        eventsMs: 0,
        env: {},
        now: () => new Date(t),
      };
      const hosts = [await createHost(options), await createHost(options), await createHost(options)];
      try {
        const { Jobs } = await import('../jobs.js');
        const runners = hosts.map((h) => new Jobs(h.services.db, () => new Date(t)));
        let runs = 0;
        for (let round = 0; round < 3; round++) {
          await Promise.all(
            runners.flatMap((r) => [
              r.run('usage-collect', 60_000, async () => void runs++),
              r.run('usage-collect', 60_000, async () => void runs++),
            ]),
          );
          assert.equal(runs, round + 1, `round ${round}: once across three processes`);
          t += 60_000;
        }
        // A process claims the job and dies before finishing: the next interval runs it elsewhere.
        assert.equal(await runners[0]!.claim('autopay', 60_000), true);
        assert.equal(await runners[1]!.run('autopay', 60_000, async () => undefined), false, 'claimed this interval');
        t += 60_000;
        assert.equal(await runners[1]!.run('autopay', 60_000, async () => undefined), true, 'the dead claim expires with its interval');
      } finally {
        for (const h of hosts) await h.close();
        await dropSchema(schema);
      }
    },
  );
});

describe('background work across processes', () => {
  it(
    'two hosts on one PostgreSQL, their timers ticking, collect usage once per interval between them, not twice',
    { skip: TEST_DATABASE_URL ? false : 'no PostgreSQL: set GLASSPANE_TEST_DATABASE_URL' },
    async () => {
      const schema = `coll_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
      const calls = [0, 0];
      const clouds = calls.map((_, i) => {
        const cloud = new MemoryCompute();
        cloud.addServer('p', { id: 's1', name: 'web-01' });
        const current = cloud.current.bind(cloud);
        cloud.current = async (scope, id) => {
          calls[i]!++;
          return current(scope, id);
        };
        return cloud;
      });
      const total = () => calls[0]! + calls[1]!;
      // The hosts' timers tick in real time (every 20 ms); the interval a run is claimed for is
      // the test's clock, which moves only when the test says so.
      const everyMs = 20;
      let t = Date.parse('2026-11-24T12:00:00Z');
      const { Jobs } = await import('../jobs.js');
      // Counting each process's claim attempts shows its timer ticked, so "not twice" is
      // asserted after both processes tried again, not after a guessed pause.
      const attempts = new Map<string, number>();
      const claim = Jobs.prototype.claim;
      Jobs.prototype.claim = function (this: InstanceType<typeof Jobs>, name: string, ms: number) {
        if (name === 'usage-collect') attempts.set(this.owner, (attempts.get(this.owner) ?? 0) + 1);
        return claim.call(this, name, ms);
      };
      const base = {
        adminKey: ADMIN_KEY,
        database: TEST_DATABASE_URL!,
        databaseSchema: schema,
        pollMs: 0,
        autopayMs: 0,
        eventsMs: 0,
        reconcileMs: 0,
        ordersMs: 0,
        protectionMs: 0,
        env: {},
      };
      const a = await createHost({ ...base, plugins: [localPlugin, clouds[0]!.plugin()], collectMs: 0 });
      await a.fetch(
        new Request('http://h/api/v1/tenants/acme', {
          method: 'PUT',
          headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/vnd.api+json' },
          body: JSON.stringify({
            data: { type: 'tenants', attributes: { name: 'Acme', computeAccounts: [{ source: 'memcloud', scope: 'p' }] } },
          }),
        }),
      );
      await a.close();
      const hosts = [
        await createHost({ ...base, plugins: [localPlugin, clouds[0]!.plugin()], collectMs: everyMs, now: () => new Date(t) }),
        await createHost({ ...base, plugins: [localPlugin, clouds[1]!.plugin()], collectMs: everyMs, now: () => new Date(t) }),
      ];
      try {
        for (let round = 1; round <= 3; round++) {
          await waitFor(`collection ${round}`, () => total() >= round);
          const seen = new Map(attempts);
          await waitFor(
            'both processes to try again within the interval',
            () => attempts.size === 2 && [...attempts].every(([owner, n]) => n >= (seen.get(owner) ?? 0) + 3),
          );
          assert.equal(total(), round, `interval ${round}: collected once between two processes (${calls.join(' + ')})`);
          t += everyMs;
        }
      } finally {
        Jobs.prototype.claim = claim;
        for (const h of hosts) await h.close();
        await dropSchema(schema);
      }
    },
  );
});
