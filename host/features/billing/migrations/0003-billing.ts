import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Which billing system holds a tenant's invoices, and the tenant's customer id there.
  await db.schema
    .createTable('billing_accounts')
    .addColumn('tenant_id', 'varchar(64)', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
    .addColumn('source', 'varchar(64)', (c) => c.notNull())
    .addColumn('account', 'varchar(200)', (c) => c.notNull())
    .execute();

  // The local billing provider (subscriptions, local_invoices, local_invoice_lines, local_payments) moved to the local plugin's own
  // migration (plugins/local/migrations); databases
  // migrated before keep the tables this migration created then.

  // Saved payment methods: the gateway's token, brand, last four, expiry. Never a number.
  await db.schema
    .createTable('payment_methods')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('gateway', 'varchar(64)', (c) => c.notNull())
    .addColumn('token', 'varchar(300)', (c) => c.notNull())
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('brand', 'varchar(32)', (c) => c.notNull())
    .addColumn('last4', 'varchar(4)', (c) => c.notNull())
    .addColumn('exp_month', 'integer')
    .addColumn('exp_year', 'integer')
    .addColumn('holder_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  // Idempotency: the first request with a key wins the row; the others replay its answer.
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('key', 'varchar(300)', (c) => c.notNull())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['tenant_id', 'key'])
    .execute();
  // One payment at a time per invoice, across every host process.
  await db.schema
    .createTable('invoice_claims')
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('source', 'varchar(64)', (c) => c.notNull())
    .addColumn('invoice_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('claimed_by', 'varchar(300)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('invoice_claims_pk', ['tenant_id', 'source', 'invoice_id'])
    .execute();
  await db.schema
    .createTable('payments')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('source', 'varchar(64)', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('method_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('method_label', 'varchar(200)', (c) => c.notNull())
    .addColumn('invoice_ids', 'text', (c) => c.notNull())
    .addColumn('gateway_reference', 'varchar(200)')
    .addColumn('provider_reference', 'varchar(200)')
    .addColumn('failure_code', 'varchar(64)')
    .addColumn('failure_message', 'varchar(500)')
    .addColumn('trigger', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payments_tenant').on('payments').columns(['tenant_id', 'created_at']).execute();
  await db.schema
    .createTable('autopay')
    .addColumn('tenant_id', 'varchar(64)', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('method_id', 'varchar(64)')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(200)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('actor', 'varchar(200)', (c) => c.notNull())
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('subject', 'varchar(300)', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_tenant').on('audit_log').columns(['tenant_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_log', 'autopay', 'payments', 'invoice_claims', 'idempotency_keys', 'payment_methods', 'billing_accounts']) {
    await db.schema.dropTable(table).execute();
  }
}
