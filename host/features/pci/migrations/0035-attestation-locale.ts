import type { Kysely } from 'kysely';

/**
 * The language a provider's attestation note is written in (BCP 47), so the checklist tags it
 * and marks it for a reader of another language. Notes attested before read as English, the
 * language they were asked for in.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('pci_attestations')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('pci_attestations').dropColumn('locale').execute();
}
