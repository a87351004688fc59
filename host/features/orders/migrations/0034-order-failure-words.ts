import type { Kysely } from 'kysely';

/**
 * Why fulfilment failed an order, as the host's catalogue message (JSON: key, parameters,
 * code) beside the English `failure_reason`, so the order reads in each reader's language.
 * Orders failed before keep their stored English; a provider's own words stay in
 * `failure_reason` only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orders').addColumn('failure_message', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orders').dropColumn('failure_message').execute();
}
