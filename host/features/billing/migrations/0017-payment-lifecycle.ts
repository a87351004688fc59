import type { Kysely } from 'kysely';

/**
 * A payment's life as a state machine persisted before each external call (created →
 * charging → charged → recorded, or failed / refunded), the gateway's idempotency key on the
 * row, the request's own Idempotency-Key (the row is the idempotency record: it survives a
 * crash), a lease so a crashed request's payment is picked up by reconciliation; the
 * gateway's customer per tenant; webhook event ids for replay safety.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('payments')
    .addColumn('state', 'varchar(16)', (c) => c.notNull().defaultTo('recorded'))
    .execute();
  await db.schema.alterTable('payments').addColumn('request_key', 'varchar(300)').execute();
  await db.schema.alterTable('payments').addColumn('request_hash', 'varchar(64)').execute();
  await db.schema.alterTable('payments').addColumn('gateway', 'varchar(64)').execute();
  await db.schema.alterTable('payments').addColumn('gateway_key', 'varchar(255)').execute();
  await db.schema.alterTable('payments').addColumn('gateway_customer', 'varchar(200)').execute();
  await db.schema.alterTable('payments').addColumn('gateway_method', 'varchar(300)').execute();
  await db.schema.alterTable('payments').addColumn('lease_until', 'varchar(32)').execute();
  await db.schema
    .alterTable('payments')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('payments').addColumn('updated_at', 'varchar(32)').execute();
  // JSON [{invoiceId, amount}]: what the billing system is told, the same on every retry.
  await db.schema.alterTable('payments').addColumn('allocations', 'text').execute();
  // Rows from before: failed stays failed, the rest were recorded (or are charged-but-unrecorded: reconciliation retries them).
  await db.updateTable('payments').set({ state: 'failed' }).where('status', '=', 'failed').execute();
  await db
    .updateTable('payments')
    .set({ state: 'charged' })
    .where('status', '=', 'processing')
    .where('gateway_reference', 'is not', null)
    .execute();
  await db.schema.createIndex('payments_request_key').unique().on('payments').columns(['tenant_id', 'request_key']).execute();
  await db.schema.createIndex('payments_gateway_key').unique().on('payments').columns(['gateway_key']).execute();
  await db.schema.createIndex('payments_state').on('payments').columns(['state', 'lease_until']).execute();

  await db.schema
    .createTable('gateway_customers')
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('gateway', 'varchar(64)', (c) => c.notNull())
    .addColumn('customer_id', 'varchar(200)', (c) => c.notNull())
    .addPrimaryKeyConstraint('gateway_customers_pk', ['tenant_id', 'gateway'])
    .execute();

  await db.schema
    .createTable('gateway_events')
    .addColumn('gateway', 'varchar(64)', (c) => c.notNull())
    .addColumn('event_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('type', 'varchar(100)', (c) => c.notNull())
    .addColumn('received_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('gateway_events_pk', ['gateway', 'event_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('gateway_events').execute();
  await db.schema.dropTable('gateway_customers').execute();
  await db.schema.dropIndex('payments_state').execute();
  await db.schema.dropIndex('payments_gateway_key').execute();
  await db.schema.dropIndex('payments_request_key').execute();
  for (const column of [
    'allocations',
    'updated_at',
    'attempts',
    'lease_until',
    'gateway_method',
    'gateway_customer',
    'gateway_key',
    'gateway',
    'request_hash',
    'request_key',
    'state',
  ]) {
    await db.schema.alterTable('payments').dropColumn(column).execute();
  }
}
