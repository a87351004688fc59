import { sql, type Kysely } from 'kysely';

/**
 * The day of the month a subscription bills on. Advancing from the last billing date alone
 * drifted: a subscription on the 31st billed on 28 February, then on the 28th for ever after.
 * Existing subscriptions take the day of their next billing date (already drifted ones stay
 * where they drifted to; nothing records where they began).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subscriptions').addColumn('anchor_day', 'integer').execute();
  await sql`update subscriptions set anchor_day = cast(substr(next_invoice_on, 9, 2) as integer)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subscriptions').dropColumn('anchor_day').execute();
}
