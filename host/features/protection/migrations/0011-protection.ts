import type { Kysely } from 'kysely';

/**
 * Disaster-recovery protection: tiers (catalog add-ons with a recovery point), the last
 * measured state per server, restore runs, and the `local` provider's snapshots and
 * replicas. `catalog_items.addon_group`: add-ons of one group replace each other.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('catalog_items').addColumn('addon_group', 'varchar(32)').execute();
  await db.schema
    .createTable('protection_tiers')
    .addColumn('item_id', 'varchar(64)', (c) => c.primaryKey().references('catalog_items.id').onDelete('cascade'))
    .addColumn('rpo_minutes', 'integer', (c) => c.notNull())
    .addColumn('snapshot_every_minutes', 'integer', (c) => c.notNull())
    .addColumn('retention_days', 'integer', (c) => c.notNull())
    .addColumn('replication', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('test_restore_days', 'integer')
    .execute();
  await db.schema
    .createTable('protection_status')
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('server_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('since', 'varchar(32)', (c) => c.notNull())
    .addColumn('checked_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('protection_status_pk', ['tenant_id', 'server_id'])
    .execute();
  await db.schema
    .createTable('protection_restores')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('server_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('server_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('source', 'varchar(64)', (c) => c.notNull())
    .addColumn('provider_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('snapshot_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('target_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('progress', 'integer')
    .addColumn('message', 'varchar(2000)')
    .addColumn('reported', 'text')
    .addColumn('requested_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(32)')
    .execute();
  await db.schema
    .createIndex('protection_restores_server')
    .on('protection_restores')
    .columns(['tenant_id', 'server_id', 'started_at'])
    .execute();
  // local_snapshots moved to the local plugin's own migration (plugins/local/migrations); databases
  // migrated before keep the table this migration created then.
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['protection_restores', 'protection_status', 'protection_tiers']) await db.schema.dropTable(table).execute();
  await db.schema.alterTable('catalog_items').dropColumn('addon_group').execute();
}
