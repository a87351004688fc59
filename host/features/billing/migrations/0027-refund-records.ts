import type { Kysely } from 'kysely';

/**
 * Refunds reach the billing system: each refund records whether the billing system has it
 * (`record_state`: pending until it does, `recorded`, or `unsupported` by a provider without
 * refunds), its reference there and the last error, so the reconciliation job retries it
 * under the refund's own id until it is recorded once. Refunds made before this were never
 * sent and are not sent now (`skipped`): their bookkeeping was done by hand.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('refunds')
    .addColumn('record_state', 'varchar(16)', (c) => c.notNull().defaultTo('skipped'))
    .execute();
  await db.schema.alterTable('refunds').addColumn('provider_reference', 'varchar(200)').execute();
  await db.schema.alterTable('refunds').addColumn('record_error', 'varchar(500)').execute();
  await db.schema.createIndex('refunds_record_state').on('refunds').columns(['record_state']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('refunds_record_state').execute();
  for (const column of ['record_error', 'provider_reference', 'record_state'])
    await db.schema.alterTable('refunds').dropColumn(column).execute();
}
