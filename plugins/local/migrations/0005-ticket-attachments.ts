import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * Files attached to local tickets and their messages, bytes in the row: a BLOB on SQLite,
 * a bytea on PostgreSQL. `tenant_id` repeats the ticket's, so every read filters by the
 * account without a join; the ticket's deletion takes its files with it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await db.schema
    .createTable('local_ticket_attachments')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('ticket_id', 'varchar(64)', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('message_id', 'varchar(64)', (c) => c.references('ticket_messages.id').onDelete('cascade'))
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('content_type', 'varchar(255)', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('uploaded_by', 'varchar(320)', (c) => c.notNull())
    .addColumn('content', bytes, (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    // Files uploaded together share created_at; their order in the upload is kept here.
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('local_ticket_attachments_ticket')
    .on('local_ticket_attachments')
    .columns(['tenant_id', 'ticket_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('local_ticket_attachments').execute();
}
