import type { Kysely } from 'kysely';

/**
 * Why the host failed a test restore, as its catalogue message (JSON: key, parameters, code)
 * beside the English `message`, so the restore reads in each reader's language. Restores failed
 * before keep their stored English; a provider's own words stay in `message` only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('protection_restores').addColumn('host_message', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('protection_restores').dropColumn('host_message').execute();
}
