import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestHost, dialectName, seedTwoTenants, type TestHost } from '../test/helpers.js';
import { nextNumber } from './sequences.js';

describe(`number sequences (${dialectName})`, () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost();
    await seedTwoTenants(host);
  });
  after(() => host.close());

  it('hands out 1…50 exactly once to 50 concurrent transactions, per tenant', async () => {
    const db = host.services.db;
    const take = (tenant: string) => db.transaction().execute((trx) => nextNumber(trx, tenant, 'race'));
    const [acme, globex] = await Promise.all([
      Promise.all(Array.from({ length: 50 }, () => take('acme'))),
      Promise.all(Array.from({ length: 50 }, () => take('globex'))),
    ]);
    const expected = Array.from({ length: 50 }, (_, i) => i + 1);
    assert.deepEqual(
      [...acme].sort((a, b) => a - b),
      expected,
    );
    assert.deepEqual(
      [...globex].sort((a, b) => a - b),
      expected,
    );
  });

  it('a rolled-back transaction gives its number back', async () => {
    const db = host.services.db;
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        assert.equal(await nextNumber(trx, 'acme', 'rollback'), 1);
        throw new Error('the insert failed');
      }),
      /the insert failed/,
    );
    assert.equal(await nextNumber(db, 'acme', 'rollback'), 1);
  });

  it('a new series continues after the rows its table already has', async () => {
    const db = host.services.db;
    for (const id of ['svc-1', 'svc-2'])
      await db
        .insertInto('services')
        .values({ id, tenant_id: 'acme', name: id, kind: 'server', created_at: new Date(0).toISOString() })
        .execute();
    const before = await db
      .selectFrom('services')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', 'acme')
      .executeTakeFirstOrThrow();
    assert.ok(Number(before.n) > 0, 'seeded services');
    assert.equal(await nextNumber(db, 'acme', 'services', { countFrom: 'services' }), Number(before.n) + 1);
    assert.equal(await nextNumber(db, 'acme', 'services', { countFrom: 'services' }), Number(before.n) + 2);
  });
});
