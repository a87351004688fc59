import type { Kysely } from 'kysely';

/**
 * Refunds staff make of a payment, partial or full. The row is the refund's idempotency
 * record (the request's Idempotency-Key, unique per tenant) and is written before the gateway
 * is asked, under a gateway key of its own, so a retried or crashed request refunds once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('refunds')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('payment_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('reason', 'varchar(32)', (c) => c.notNull())
    .addColumn('note', 'varchar(500)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('request_key', 'varchar(300)', (c) => c.notNull())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('gateway_key', 'varchar(255)', (c) => c.notNull())
    .addColumn('gateway_reference', 'varchar(200)')
    .addColumn('failure_message', 'varchar(500)')
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('refunds_request_key').unique().on('refunds').columns(['tenant_id', 'request_key']).execute();
  await db.schema.createIndex('refunds_payment').on('refunds').columns(['tenant_id', 'payment_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('refunds').execute();
}
