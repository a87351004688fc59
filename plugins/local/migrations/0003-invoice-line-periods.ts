import type { Kysely } from 'kysely';

/**
 * The service period and tax rate of each local invoice line, which an invoice a tax office
 * accepts must state. Older lines keep them null (their description names the period).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('local_invoice_lines').addColumn('period_start', 'varchar(10)').execute();
  await db.schema.alterTable('local_invoice_lines').addColumn('period_end', 'varchar(10)').execute();
  await db.schema.alterTable('local_invoice_lines').addColumn('tax_rate_bp', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['tax_rate_bp', 'period_end', 'period_start'])
    await db.schema.alterTable('local_invoice_lines').dropColumn(column).execute();
}
