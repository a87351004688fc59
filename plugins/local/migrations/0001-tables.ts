import type { Kysely } from 'kysely';

/**
 * The local plugin's tables: status notices, subscriptions and the invoices and payments
 * generated from them, tickets, backup runs and snapshots reported by the provider's tooling.
 *
 * Until the plugin owned them, the host's own migrations created these tables (0001, 0003,
 * 0004, 0007 and 0011), so databases from before already have them: every statement here is
 * `ifNotExists` and the columns are exactly the ones those migrations created.
 */
// Migrations are typed `Kysely<any>`: they describe the schema of their day, not today's.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('local_notices')
    .ifNotExists()
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('status', 'varchar(32)', (c) => c.notNull())
    .addColumn('impact', 'varchar(16)', (c) => c.notNull())
    .addColumn('component_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('scheduled_for', 'varchar(32)')
    .addColumn('scheduled_until', 'varchar(32)')
    .addColumn('updates', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('resolved_at', 'varchar(32)')
    .execute();

  // Invoices generated from subscriptions.
  await db.schema
    .createTable('subscriptions')
    .ifNotExists()
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('description', 'varchar(300)', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('interval_months', 'integer', (c) => c.notNull())
    .addColumn('tax_rate_bp', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_invoice_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createTable('local_invoices')
    .ifNotExists()
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('number', 'varchar(64)', (c) => c.notNull())
    .addColumn('issued_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('due_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('subtotal', 'bigint', (c) => c.notNull())
    .addColumn('tax', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('amount_paid', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('memo', 'varchar(500)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('local_invoices_number', ['tenant_id', 'number'])
    .execute();
  await db.schema
    .createTable('local_invoice_lines')
    .ifNotExists()
    .addColumn('invoice_id', 'varchar(64)', (c) => c.notNull().references('local_invoices.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('description', 'varchar(300)', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_amount', 'bigint', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('tax_amount', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('local_invoice_lines_pk', ['invoice_id', 'position'])
    .execute();
  await db.schema
    .createTable('local_payments')
    .ifNotExists()
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('gateway_reference', 'varchar(200)', (c) => c.notNull())
    .addColumn('method_label', 'varchar(200)', (c) => c.notNull())
    .addColumn('idempotency_key', 'varchar(300)', (c) => c.notNull())
    .addColumn('allocations', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('local_payments_key', ['tenant_id', 'idempotency_key'])
    .execute();

  // Tickets and their conversation.
  await db.schema
    .createTable('tickets')
    .ifNotExists()
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('number', 'varchar(32)', (c) => c.notNull())
    .addColumn('subject', 'varchar(300)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(32)', (c) => c.notNull())
    .addColumn('urgency', 'varchar(16)', (c) => c.notNull())
    .addColumn('service_id', 'varchar(200)')
    .addColumn('requester', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('tickets_number', ['tenant_id', 'number'])
    .execute();
  await db.schema.createIndex('tickets_tenant').ifNotExists().on('tickets').columns(['tenant_id', 'updated_at']).execute();
  await db.schema
    .createTable('ticket_messages')
    .ifNotExists()
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('ticket_id', 'varchar(64)', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('author_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('author_kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_messages_ticket').ifNotExists().on('ticket_messages').columns(['ticket_id', 'created_at']).execute();

  // Backup runs the provider's backup system reports (PUT /api/v1/tenants/{tenantId}/backup-runs/{runId}).
  await db.schema
    .createTable('local_backup_runs')
    .ifNotExists()
    .addColumn('id', 'varchar(64)', (c) => c.notNull())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('service_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('service_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(32)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('bytes', 'bigint')
    .addPrimaryKeyConstraint('local_backup_runs_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema
    .createIndex('local_backup_runs_started')
    .ifNotExists()
    .on('local_backup_runs')
    .columns(['tenant_id', 'started_at'])
    .execute();

  // Snapshots the provider's tooling reports (PUT /api/v1/tenants/{tenantId}/snapshots/{snapshotId}).
  await db.schema
    .createTable('local_snapshots')
    .ifNotExists()
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('server_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('taken_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)')
    .addColumn('consistency', 'varchar(8)', (c) => c.notNull())
    .addColumn('origin', 'varchar(16)', (c) => c.notNull())
    .addColumn('state', 'varchar(8)', (c) => c.notNull())
    .addColumn('replicated_at', 'varchar(32)')
    .execute();
  await db.schema
    .createIndex('local_snapshots_server')
    .ifNotExists()
    .on('local_snapshots')
    .columns(['tenant_id', 'server_id', 'taken_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'local_snapshots',
    'local_backup_runs',
    'ticket_messages',
    'tickets',
    'local_payments',
    'local_invoice_lines',
    'local_invoices',
    'subscriptions',
    'local_notices',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
