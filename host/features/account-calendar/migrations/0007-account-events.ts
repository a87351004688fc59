import type { Kysely } from 'kysely';

/** What happened on an account (the staff calendar), backup runs of the local provider, and what kind of thing each service is. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('account_events')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    /** What identifies the event at its source, so recording it twice (two processes, two syncs) keeps one. */
    .addColumn('source_key', 'varchar(300)', (c) => c.notNull())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('severity', 'varchar(16)', (c) => c.notNull())
    .addColumn('link_kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('link_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .addUniqueConstraint('account_events_source', ['tenant_id', 'type', 'source_key'])
    .execute();
  await db.schema.createIndex('account_events_tenant_at').on('account_events').columns(['tenant_id', 'at']).execute();
  // local_backup_runs moved to the local plugin's own migration (plugins/local/migrations); databases
  // migrated before keep the table this migration created then.
  await db.schema
    .alterTable('service_plans')
    .addColumn('kind', 'varchar(16)', (c) => c.notNull().defaultTo('server'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('service_plans').dropColumn('kind').execute();
  await db.schema.dropTable('account_events').execute();
}
