import { sql, type Kysely } from 'kysely';

/** States in which an order is still open (see states.ts); closed ones never conflict. */
const OPEN = ['submitted', 'in_review', 'approved', 'provisioning', 'awaiting_device_return', 'device_received'];
/** Upgrades, downgrades, renewals and refreshes all change the plan: one at a time per service. Add-ons are their own kind. */
const KIND = sql`(case when type = 'addon' then 'addon' else 'plan' end)`;

/**
 * One open order per service and kind, enforced by the database: twenty concurrent
 * upgrade orders for one service created three orders on PostgreSQL. A partial unique
 * index over open states holds across host processes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const duplicates = await db
    .selectFrom('orders')
    .select([
      'tenant_id',
      'service_id',
      sql<string>`${KIND}`.as('kind'),
      sql<string>`min(number)`.as('first'),
      sql<string>`max(number)`.as('last'),
    ])
    .where('state', 'in', OPEN)
    .groupBy(['tenant_id', 'service_id', KIND])
    .having(sql`count(*)`, '>', 1)
    .execute();
  if (duplicates.length) {
    const list = duplicates.map((d) => `${d.tenant_id}: ${d.first} … ${d.last} (${d.service_id}, ${d.kind})`).join('; ');
    throw new Error(
      `Several open orders change the same service: ${list}. Cancel or complete all but one of each, then start the host again.`,
    );
  }
  await sql`create unique index orders_one_open_per_service on orders (tenant_id, service_id, ${KIND}) where state in (${sql.join(OPEN.map((s) => sql.lit(s)))})`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('orders_one_open_per_service').execute();
}
