import type { Kysely } from 'kysely';

/**
 * Orders fulfilled at the providers and billed through the billing provider: a plan's
 * flavor per compute source, the customer's consent and window for a resize, when the
 * order is due, why it failed, and the charge it created.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('catalog_items')
    .addColumn('flavors', 'varchar(2000)', (c) => c.notNull().defaultTo('{}'))
    .execute();
  for (const [name, type] of [
    ['accept_reboot', 'integer'],
    ['resize_window', 'varchar(16)'],
    ['effective', 'varchar(16)'],
    ['scheduled_for', 'varchar(32)'],
    ['failure_reason', 'varchar(2000)'],
    ['provider_action', 'varchar(2000)'],
    ['period_start', 'varchar(10)'],
    ['period_end', 'varchar(10)'],
    ['charge_reference', 'varchar(200)'],
  ] as const) {
    await db.schema.alterTable('orders').addColumn(name, type).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'accept_reboot',
    'resize_window',
    'effective',
    'scheduled_for',
    'failure_reason',
    'provider_action',
    'period_start',
    'period_end',
    'charge_reference',
  ]) {
    await db.schema.alterTable('orders').dropColumn(name).execute();
  }
  await db.schema.alterTable('catalog_items').dropColumn('flavors').execute();
}
