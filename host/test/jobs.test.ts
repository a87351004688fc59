import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createHost } from '../app.js';
import localPlugin from '../../plugins/local/index.js';
import { ADMIN_KEY, TEST_DATABASE_URL, createTestHost } from './helpers.js';
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

  it('several processes on one PostgreSQL run a job once between them; a dead one holds nothing', { skip: TEST_DATABASE_URL ? false : 'no PostgreSQL: set GLASSPANE_TEST_DATABASE_URL' }, async () => {
    const schema = `jobs_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
    let t = Date.parse('2026-11-24T12:00:00Z');
    const options = { adminKey: ADMIN_KEY, database: TEST_DATABASE_URL!, databaseSchema: schema, plugins: [localPlugin], pollMs: 0, collectMs: 0, autopayMs: 0, eventsMs: 0, env: {}, now: () => new Date(t) };
    const hosts = [await createHost(options), await createHost(options), await createHost(options)];
    try {
      const { Jobs } = await import('../jobs.js');
      const runners = hosts.map((h) => new Jobs(h.services.db, () => new Date(t)));
      let runs = 0;
      for (let round = 0; round < 3; round++) {
        await Promise.all(runners.flatMap((r) => [r.run('usage-collect', 60_000, async () => void runs++), r.run('usage-collect', 60_000, async () => void runs++)]));
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
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });
});

describe('background work across processes', () => {
  it('two host processes collect usage once per interval between them, not twice', { skip: TEST_DATABASE_URL ? false : 'no PostgreSQL: set GLASSPANE_TEST_DATABASE_URL' }, async () => {
    const schema = `coll_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const calls = [0, 0];
    const clouds = calls.map((_, i) => {
      const cloud = new MemoryCompute();
      cloud.addServer('p', { id: 's1', name: 'web-01' });
      const current = cloud.current.bind(cloud);
      cloud.current = async () => {
        calls[i]!++;
        return current();
      };
      return cloud;
    });
    const base = { adminKey: ADMIN_KEY, database: TEST_DATABASE_URL!, databaseSchema: schema, pollMs: 0, autopayMs: 0, eventsMs: 0, env: {} };
    const a = await createHost({ ...base, plugins: [localPlugin, clouds[0]!.plugin()], collectMs: 0 });
    await a.fetch(new Request('http://h/api/v1/tenants/acme', { method: 'PUT', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/vnd.api+json' }, body: JSON.stringify({ data: { type: 'tenants', attributes: { name: 'Acme', computeAccounts: [{ source: 'memcloud', scope: 'p' }] } } }) }));
    await a.close();
    const hosts = [await createHost({ ...base, plugins: [localPlugin, clouds[0]!.plugin()], collectMs: 400 }), await createHost({ ...base, plugins: [localPlugin, clouds[1]!.plugin()], collectMs: 400 })];
    try {
      await new Promise((r) => setTimeout(r, 2100));
      const total = calls[0]! + calls[1]!;
      // About five intervals passed: each process alone would have collected about five times.
      assert.ok(total >= 3 && total <= 6, `collected ${total} times (${calls.join(' + ')}) in about five intervals`);
    } finally {
      for (const h of hosts) await h.close();
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });
});
