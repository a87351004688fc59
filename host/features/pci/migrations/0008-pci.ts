import type { Kysely } from 'kysely';

/** PCI DSS checklist: content revisions the provider loaded, each tenant's status per item, and its history. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pci_content')
    .addColumn('revision', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('version', 'varchar(16)', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('loaded_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('pci_item_status')
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('item_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('reason', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
    .addColumn('owner', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('evidence_notes', 'varchar(4000)', (c) => c.notNull().defaultTo(''))
    .addColumn('evidence_links', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('reviewed_at', 'varchar(32)')
    .addColumn('reviewed_hash', 'varchar(64)')
    .addColumn('updated_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('pci_item_status_pk', ['tenant_id', 'item_id'])
    .execute();
  await db.schema
    .createTable('pci_item_history')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('item_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('actor', 'varchar(200)', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pci_item_history_item').on('pci_item_history').columns(['tenant_id', 'item_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['pci_item_history', 'pci_item_status', 'pci_content']) await db.schema.dropTable(table).execute();
}
