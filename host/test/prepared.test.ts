import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestHost, seedTwoTenants } from './helpers.js';
import { prepared } from '../db/prepared.js';

test('prepared(): compiled once, binds each call by placeholder, keeps constants, refuses an unused placeholder', async () => {
  const host = await createTestHost();
  try {
    await seedTwoTenants(host);
    const db = host.services.db;
    await db
      .insertInto('server_plans')
      .values([
        { tenant_id: 'acme', server_id: 's1', metric: 'cpu', capacity: 200 },
        { tenant_id: 'acme', server_id: 's1', metric: 'memory', capacity: 8192 },
        { tenant_id: 'acme', server_id: 's2', metric: 'memory', capacity: 4096 },
      ])
      .execute();
    // Placeholders used out of their declared order, beside a constant the builder fixed.
    const capacity = prepared<[string, string], { capacity: number }>(db, (server: string, tenant: string) =>
      db
        .selectFrom('server_plans')
        .select('capacity')
        .where('tenant_id', '=', tenant)
        .where('metric', '=', 'memory')
        .where('server_id', '=', server),
    );
    assert.deepEqual(await capacity('s1', 'acme'), [{ capacity: 8192 }]);
    assert.deepEqual(await capacity('s2', 'acme'), [{ capacity: 4096 }]);
    assert.deepEqual(await capacity('s1', 'globex'), []);
    assert.throws(
      () =>
        prepared(db, (tenant: string, _unused: string) => db.selectFrom('server_plans').select('capacity').where('tenant_id', '=', tenant)),
      /placeholder was not used/,
    );
  } finally {
    await host.close();
  }
});

test('prepared(): a read while another transaction holds the connection waits for it and never sees its rows', async () => {
  const host = await createTestHost();
  try {
    await seedTwoTenants(host);
    const db = host.services.db;
    const capacity = prepared<[string], { capacity: number }>(db, (server: string) =>
      db.selectFrom('server_plans').select('capacity').where('tenant_id', '=', 'acme').where('server_id', '=', server),
    );
    // On SQLite the host's reads run on the transaction's own connection: run there at once
    // (prepared()'s direct path), this one would see the row the transaction then rolls back.
    let inserted!: () => void;
    let finish!: () => void;
    const ready = new Promise<void>((resolve) => (inserted = resolve));
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const transaction = db.transaction().execute(async (trx) => {
      await trx.insertInto('server_plans').values({ tenant_id: 'acme', server_id: 's9', metric: 'cpu', capacity: 400 }).execute();
      inserted();
      await gate;
      throw new Error('roll back');
    });
    await ready;
    const read = capacity('s9');
    finish();
    await assert.rejects(transaction, /roll back/);
    assert.deepEqual(await read, []);
    // Outside any transaction the same read answers rows again.
    await db.insertInto('server_plans').values({ tenant_id: 'acme', server_id: 's9', metric: 'cpu', capacity: 400 }).execute();
    assert.deepEqual(await capacity('s9'), [{ capacity: 400 }]);
  } finally {
    await host.close();
  }
});
