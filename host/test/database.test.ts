import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_MIGRATIONS, sql } from 'kysely';
import { createMigrator, createPluginMigrator, migrateToLatest, openDatabase } from '../db/database.js';
import { TEST_DATABASE_URL, dropSchema } from './helpers.js';
import { migrations } from '../db/migrations/index.js';
import { definePlugin, PluginDefinitionError } from '../plugin.js';
import localPlugin from '../../plugins/local/index.js';
import * as localTables from '../../plugins/local/migrations/0001-tables.js';

const TABLES = [
  'account_events',
  'audit_log',
  'autopay',
  'background_jobs',
  'billing_accounts',
  'catalog_items',
  'compute_accounts',
  'contact_matrices',
  'device_deliveries',
  'device_returns',
  'embed_sessions',
  'escalations',
  'gateway_customers',
  'gateway_events',
  'idempotency_keys',
  'invoice_claims',
  'kb_articles',
  'number_sequences',
  'order_events',
  'order_lines',
  'orders',
  'payment_methods',
  'payments',
  'pci_attestations',
  'pci_content',
  'pci_item_history',
  'pci_item_status',
  'pci_reviews',
  'protection_restores',
  'protection_status',
  'protection_tiers',
  'provider_slots',
  'refunds',
  'server_plans',
  'service_plans',
  'services',
  'status_component_links',
  'stream_events',
  'support_accounts',
  'support_contracts',
  'tenants',
  'usage_samples',
];
/** The local plugin's own tables (its migration `local/0001-tables`). */
const LOCAL_TABLES = [
  'local_backup_runs',
  'local_invoice_lines',
  'local_invoices',
  'local_notices',
  'local_payments',
  'local_refunds',
  'local_snapshots',
  'local_ticket_attachments',
  'subscriptions',
  'ticket_messages',
  'tickets',
];

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
      assert.deepEqual(
        first.results?.map((r) => r.status),
        Object.keys(migrations).map(() => 'Success'),
      );
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
      const row = {
        tenant_id: 'acme',
        server_id: 'openstack:1',
        metric: 'cpu',
        tier: 1,
        at: 1_800_000_000,
        sum: 120,
        count: 2,
        min: 40,
        max: 80,
      };
      await handle.db.insertInto('usage_samples').values(row).execute();
      const ddl = async () =>
        (await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'usage_samples'`.execute(handle.db)).rows[0]!.sql;
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

  test(
    'PostgreSQL: the same migrations, idempotent, foreign keys enforced',
    { skip: TEST_DATABASE_URL ? false : 'no PostgreSQL: set GLASSPANE_TEST_DATABASE_URL' },
    async () => {
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
        const count = await handle.db
          .selectFrom('tenants')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow();
        assert.equal(count.n, 1, 'int8 counts arrive as numbers');
        // A database from before the local plugin owned its tables has them already (the host's
        // migrations created them): the plugin's migration leaves them, and their rows, alone.
        await localTables.up(handle.db);
        await handle.db.insertInto('tenants').values({ id: 'old', name: 'Old', origins: '[]', created_at: 'now' }).execute();
        await sql`INSERT INTO local_snapshots (id, tenant_id, server_id, name, taken_at, consistency, origin, state) VALUES ('s1', 'old', 'x:1', 'n', 'now', 'crash', 'manual', 'ok')`.execute(
          handle.db,
        );
        await migrateToLatest(handle.db, { schema, plugins: [localPlugin] });
        await migrateToLatest(handle.db, { schema, plugins: [localPlugin] });
        assert.deepEqual(await tableNames(handle.db, schema), [...TABLES, ...LOCAL_TABLES].sort());
        assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM local_snapshots`.execute(handle.db)).rows[0]!.n, 1);
        const ran = await sql<{ name: string }>`SELECT name FROM ${sql.table(`${schema}.glasspane_migrations_local`)}`.execute(handle.db);
        assert.deepEqual(
          ran.rows.map((r) => r.name),
          [
            'local/0001-tables',
            'local/0002-anchor-day',
            'local/0003-invoice-line-periods',
            'local/0004-refunds',
            'local/0005-ticket-attachments',
            'local/0006-notice-locale',
          ],
        );
      } finally {
        await handle.destroy();
        await dropSchema(schema);
      }
    },
  );

  test("SQLite: a plugin's migrations run after the host's, in a migration table of their own, and migrate down cleanly", async () => {
    const handle = await openDatabase({ url: ':memory:' });
    try {
      await migrateToLatest(handle.db, { plugins: [localPlugin] });
      await migrateToLatest(handle.db, { plugins: [localPlugin] });
      assert.deepEqual(await tableNames(handle.db), [...TABLES, ...LOCAL_TABLES].sort());
      const ran = await sql<{ name: string }>`SELECT name FROM glasspane_migrations_local`.execute(handle.db);
      assert.deepEqual(
        ran.rows.map((r) => r.name),
        [
          'local/0001-tables',
          'local/0002-anchor-day',
          'local/0003-invoice-line-periods',
          'local/0004-refunds',
          'local/0005-ticket-attachments',
          'local/0006-notice-locale',
        ],
      );
      const host = await sql<{ name: string }>`SELECT name FROM glasspane_migrations ORDER BY name`.execute(handle.db);
      assert.deepEqual(
        host.rows.map((r) => r.name),
        Object.keys(migrations),
        'the host keeps only its own',
      );
      // Without the plugin, the host still migrates: its history does not hold the plugin's.
      await migrateToLatest(handle.db);
      assert.equal((await createPluginMigrator(handle.db, localPlugin).migrateTo(NO_MIGRATIONS)).error, undefined);
      assert.deepEqual(await tableNames(handle.db), TABLES);
    } finally {
      await handle.destroy();
    }
  });

  test('SQLite: a database from before the local plugin owned its tables keeps them and their rows', async () => {
    const handle = await openDatabase({ url: ':memory:' });
    try {
      await migrateToLatest(handle.db);
      // What the host's migrations used to create: the same tables, the same columns.
      await localTables.up(handle.db);
      await handle.db.insertInto('tenants').values({ id: 'old', name: 'Old', origins: '[]', created_at: 'now' }).execute();
      await sql`INSERT INTO subscriptions (id, tenant_id, description, quantity, unit_amount, currency, interval_months, next_invoice_on) VALUES ('s1', 'old', 'Server', 1, 100, 'EUR', 1, '2026-01-01')`.execute(
        handle.db,
      );
      await migrateToLatest(handle.db, { plugins: [localPlugin] });
      assert.deepEqual(await tableNames(handle.db), [...TABLES, ...LOCAL_TABLES].sort());
      assert.deepEqual((await sql<{ id: string }>`SELECT id FROM subscriptions`.execute(handle.db)).rows, [{ id: 's1' }]);
    } finally {
      await handle.destroy();
    }
  });

  test('a plugin names each of its migrations with its id', () => {
    const base = { id: 'acme-backups', provides: ['EventSource'] as const, config: localPlugin.config, register() {} };
    assert.throws(() => definePlugin({ ...base, migrations: { '0001-tables': localTables } }), PluginDefinitionError);
    assert.doesNotThrow(() => definePlugin({ ...base, migrations: { 'acme-backups/0001-tables': localTables } }));
  });
});
