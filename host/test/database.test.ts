import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { NO_MIGRATIONS } from 'kysely';
import { createMigrator, migrateToLatest, openDatabase } from '../db/database.js';
import { TEST_DATABASE_URL } from './helpers.js';
import { migrations } from '../db/migrations/index.js';

const TABLES = ['account_events', 'audit_log', 'autopay', 'background_jobs', 'billing_accounts', 'catalog_items', 'compute_accounts', 'contact_matrices', 'device_returns', 'embed_sessions', 'escalations', 'idempotency_keys', 'invoice_claims', 'kb_articles', 'local_backup_runs', 'local_invoice_lines', 'local_invoices', 'local_notices', 'local_payments', 'local_snapshots', 'number_sequences', 'order_events', 'order_lines', 'orders', 'payment_methods', 'payments', 'pci_content', 'pci_item_history', 'pci_item_status', 'protection_restores', 'protection_status', 'protection_tiers', 'server_plans', 'service_plans', 'services', 'status_component_links', 'stream_events', 'subscriptions', 'support_accounts', 'support_contracts', 'tenants', 'ticket_messages', 'tickets', 'usage_samples'];

async function tableNames(db: Awaited<ReturnType<typeof openDatabase>>['db'], schema?: string) {
  return (await db.introspection.getTables())
    .filter((t) => !schema || t.schema === schema)
    .map((t) => t.name)
    .filter((n) => !n.startsWith('glasspane_') && !n.startsWith('kb_fts'))
    .sort();
}

describe('migrations', () => {
  test('SQLite file: migrates, is idempotent, runs in WAL mode, and migrates down cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-db-'));
    try {
      const handle = await openDatabase({ url: `sqlite:${join(dir, 'nested', 'gp.db')}` });
      const first = await migrateToLatest(handle.db);
      assert.deepEqual(first.results?.map((r) => r.status), Object.keys(migrations).map(() => 'Success'));
      const again = await migrateToLatest(handle.db);
      assert.deepEqual(again.results, [], 'nothing left to run');
      assert.deepEqual(await tableNames(handle.db), TABLES);
      const { rows } = await (await import('kysely')).sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(handle.db);
      assert.equal(rows[0]!.journal_mode, 'wal');
      const migrator = createMigrator(handle.db);
      const down = await migrator.migrateTo(NO_MIGRATIONS);
      assert.equal(down.error, undefined);
      assert.deepEqual(await tableNames(handle.db), []);
      await handle.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('SQLite: usage samples become a clustered (WITHOUT ROWID) table and keep every row, both ways', async () => {
    const { sql } = await import('kysely');
    const handle = await openDatabase({ url: ':memory:' });
    try {
      const migrator = createMigrator(handle.db);
      assert.equal((await migrator.migrateTo('0011-protection')).error, undefined);
      const row = { tenant_id: 'acme', server_id: 'openstack:1', metric: 'cpu', tier: 1, at: 1_800_000_000, sum: 120, count: 2, min: 40, max: 80 };
      await handle.db.insertInto('usage_samples').values(row).execute();
      const ddl = async () => (await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'usage_samples'`.execute(handle.db)).rows[0]!.sql;
      await migrateToLatest(handle.db);
      assert.match(await ddl(), /WITHOUT ROWID\s*$/i);
      assert.deepEqual(await handle.db.selectFrom('usage_samples').selectAll().execute(), [row]);
      assert.equal((await migrator.migrateTo('0011-protection')).error, undefined);
      assert.doesNotMatch(await ddl(), /WITHOUT ROWID/i);
      assert.deepEqual(await handle.db.selectFrom('usage_samples').selectAll().execute(), [row]);
    } finally {
      await handle.destroy();
    }
  });

  test('PostgreSQL: the same migrations, idempotent, foreign keys enforced', { skip: TEST_DATABASE_URL ? false : 'no PostgreSQL: set GLASSPANE_TEST_DATABASE_URL' }, async () => {
    const schema = `mig_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const handle = await openDatabase({ url: TEST_DATABASE_URL, schema });
    try {
      assert.equal(handle.dialect, 'postgres');
      await migrateToLatest(handle.db, { schema });
      await migrateToLatest(handle.db, { schema });
      assert.deepEqual(await tableNames(handle.db, schema), TABLES);
      await assert.rejects(
        handle.db.insertInto('services').values({ id: 's', tenant_id: 'ghost', name: 'x', kind: 'server', created_at: 'now' }).execute(),
        /foreign key/,
      );
      await handle.db.insertInto('tenants').values({ id: 't', name: 'T', origins: '[]', created_at: 'now' }).execute();
      const count = await handle.db.selectFrom('tenants').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.equal(count.n, 1, 'int8 counts arrive as numbers');
    } finally {
      await handle.destroy();
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });
});
