import type { Kysely } from 'kysely';

/**
 * Leases on a provider's concurrency slots, shared by every host process on one database
 * (`SharedSlots`): one row per key (a provider account) and slot number.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('provider_slots')
    .addColumn('key', 'varchar(128)', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('holder', 'varchar(64)')
    .addColumn('expires_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('provider_slots_pk', ['key', 'slot'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('provider_slots').execute();
}
