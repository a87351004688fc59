import type { Kysely } from 'kysely';

/** Per-tenant branding (a partner's colours, logo and support contact), JSON. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('tenants')
    .addColumn('branding', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tenants').dropColumn('branding').execute();
}
