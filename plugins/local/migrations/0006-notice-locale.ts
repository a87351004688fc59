import type { Kysely } from 'kysely';

/**
 * The language a local notice is written in (BCP 47). Notices posted before it were taken as
 * English, which is what they are marked as now.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('local_notices')
    .addColumn('locale', 'varchar(35)', (c) => c.notNull().defaultTo('en'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('local_notices').dropColumn('locale').execute();
}
