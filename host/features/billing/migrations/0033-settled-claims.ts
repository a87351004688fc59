import type { Kysely } from 'kysely';

/**
 * An invoice's claim outlives its payment's recording: it is marked settled (when) and keeps
 * the invoice's amount paid the billing system shows once it has the payment, so a request
 * that read the invoice before the payment, or from a billing system that has not caught up,
 * is refused by the claim itself (`Payments`). Claims already here are of payments not
 * settled yet; they get no amount and, once recorded, stop holding as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('invoice_claims').addColumn('settled_at', 'varchar(32)').execute();
  await db.schema.alterTable('invoice_claims').addColumn('paid_after', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // The old rule: a settled payment holds nothing.
  await db.deleteFrom('invoice_claims').where('settled_at', 'is not', null).execute();
  for (const column of ['paid_after', 'settled_at']) await db.schema.alterTable('invoice_claims').dropColumn(column).execute();
}
