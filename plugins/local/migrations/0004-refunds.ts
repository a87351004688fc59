import type { Kysely } from 'kysely';

/** Refunds the host records at the local billing system, once per idempotency key (the host's refund id). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('local_refunds')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('payment_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('gateway_reference', 'varchar(200)', (c) => c.notNull())
    .addColumn('reason', 'varchar(32)', (c) => c.notNull())
    .addColumn('idempotency_key', 'varchar(300)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('local_refunds_key').unique().on('local_refunds').columns(['tenant_id', 'idempotency_key']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('local_refunds').execute();
}
