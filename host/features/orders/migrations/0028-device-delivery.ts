import { sql, type Kysely } from 'kysely';

/** Open states after this migration (see states.ts): `awaiting_delivery` joins them. */
const OPEN = ['submitted', 'in_review', 'approved', 'provisioning', 'awaiting_delivery', 'awaiting_device_return', 'device_received'];
const OPEN_BEFORE = ['submitted', 'in_review', 'approved', 'provisioning', 'awaiting_device_return', 'device_received'];
const KIND = sql`(case when type = 'addon' then 'addon' else 'plan' end)`;

async function oneOpen(db: Kysely<any>, states: string[]): Promise<void> {
  await db.schema.dropIndex('orders_one_open_per_service').execute();
  await sql`create unique index orders_one_open_per_service on orders (tenant_id, service_id, ${KIND}) where state in (${sql.join(states.map((s) => sql.lit(s)))})`.execute(
    db,
  );
}

/**
 * A hardware refresh ships the new device before the contract moves to it: its carrier and
 * tracking number (staff enter them) and when it was delivered. An order waiting for the
 * delivery is open, so the one-open-order index covers the new state.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('device_deliveries')
    .addColumn('order_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('model', 'varchar(200)', (c) => c.notNull())
    .addColumn('carrier', 'varchar(200)')
    .addColumn('tracking_number', 'varchar(200)')
    .addColumn('shipped_at', 'varchar(32)')
    .addColumn('delivered_at', 'varchar(32)')
    .addColumn('delivered_by', 'varchar(200)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await oneOpen(db, OPEN);
}

export async function down(db: Kysely<any>): Promise<void> {
  await oneOpen(db, OPEN_BEFORE);
  await db.schema.dropTable('device_deliveries').execute();
}
