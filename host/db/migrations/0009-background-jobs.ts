import type { Kysely } from 'kysely';

/** Which process last started each background job, so several processes run it once per interval. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('background_jobs')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('last_started_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_finished_at', 'varchar(32)')
    .addColumn('owner', 'varchar(100)', (c) => c.notNull())
    .addColumn('last_error', 'varchar(1000)')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('background_jobs').execute();
}
