import type { Kysely } from 'kysely';

/**
 * The last human-facing number handed out per tenant and series (tickets, orders,
 * invoices). One row per pair, bumped atomically, so numbers never collide under
 * concurrency (they came from `count(*) + 1`, which races on PostgreSQL).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('number_sequences')
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('series', 'varchar(32)', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('number_sequences_pk', ['tenant_id', 'series'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('number_sequences').execute();
}
