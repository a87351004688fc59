import type { Kysely } from 'kysely';

/** The tenant's billing profile (legal name, billing address, VAT id) that invoices name, JSON. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('tenants')
    .addColumn('billing_profile', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tenants').dropColumn('billing_profile').execute();
}
