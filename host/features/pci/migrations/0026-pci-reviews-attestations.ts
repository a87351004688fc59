import type { Kysely } from 'kysely';

/**
 * PCI checklist as a workflow: the customer's reviews of the whole checklist (who, when,
 * against which content revision) and the provider's attestations of the items it is
 * responsible for or shares, per tenant.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pci_reviews')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('reviewed_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('reviewed_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('revision', 'varchar(64)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pci_reviews_tenant').on('pci_reviews').columns(['tenant_id', 'reviewed_at']).execute();
  await db.schema
    .createTable('pci_attestations')
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('item_id', 'varchar(16)', (c) => c.notNull())
    .addColumn('attested_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('attested_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('note', 'varchar(2000)', (c) => c.notNull().defaultTo(''))
    .addColumn('evidence_link', 'varchar(500)')
    .addPrimaryKeyConstraint('pci_attestations_pk', ['tenant_id', 'item_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['pci_attestations', 'pci_reviews']) await db.schema.dropTable(table).execute();
}
