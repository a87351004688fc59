import type { Kysely } from 'kysely';

/** The replay log of the PostgreSQL event bus (several host processes share it). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stream_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('topic', 'varchar(64)', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stream_events_tenant').on('stream_events').columns(['tenant_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stream_events').execute();
}
