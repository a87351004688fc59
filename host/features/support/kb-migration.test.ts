import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestHost, ADMIN_KEY } from '../../test/helpers.js';
import { createMigrator } from '../../db/database.js';

test('migration 0029 keeps one variant per article going down, and the full-text index follows the rebuilt table going up', async () => {
  const host = await createTestHost();
  try {
    await host.request('PUT', '/api/v1/tenants/acme', {
      token: ADMIN_KEY,
      body: { data: { type: 'tenants', attributes: { name: 'acme' } } },
    });
    const operator = await host.token('acme', ['operator']);
    for (const locale of ['en', 'de']) {
      const res = await host.request('PUT', '/api/v1/kb/articles/a', {
        token: operator,
        body: {
          data: { type: 'kb-articles', attributes: { title: `t-${locale}`, category: 'c', body: `b ${locale}`, locale, published: true } },
        },
      });
      assert.equal(res.status, 200);
    }
    const db = host.services.db;
    const migrator = createMigrator(db);
    // Down to just before 0029 (later migrations go down first).
    const down = await migrator.migrateTo('0028-device-delivery');
    assert.equal(down.error, undefined, String(down.error));
    assert.equal(down.results?.at(-1)?.migrationName, '0029-content-translations');
    assert.deepEqual(
      (await db.selectFrom('kb_articles').select(['locale']).execute()).map((r) => r.locale),
      ['en'],
      'the default language variant stays',
    );
    const up = await migrator.migrateToLatest();
    assert.equal(up.error, undefined, String(up.error));
    const hits = (await (await host.request('GET', '/api/v1/kb/articles?q=b', { token: await host.token('acme') })).json()) as {
      data: { attributes: { title: string } }[];
    };
    assert.deepEqual(
      hits.data.map((h) => h.attributes.title),
      ['t-en'],
    );
  } finally {
    await host.close();
  }
});
