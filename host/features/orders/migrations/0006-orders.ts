import type { Kysely } from 'kysely';

/** The catalog, which plan each service is on, orders with their lines and history, device returns, escalations. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('catalog_items')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('product', 'varchar(64)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('monthly_amount', 'bigint', (c) => c.notNull())
    .addColumn('term_months', 'integer', (c) => c.notNull().defaultTo(12))
    .addColumn('vcpus', 'integer')
    .addColumn('ram_mb', 'integer')
    .addColumn('disk_gb', 'integer')
    .addColumn('bandwidth_mbit', 'integer')
    .addColumn('hardware', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rank', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('service_plans')
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('service_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('service_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('plan_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('monthly_amount', 'bigint', (c) => c.notNull())
    .addColumn('addons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('anchor_day', 'integer', (c) => c.notNull())
    .addColumn('started_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('renews_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('device', 'varchar(200)')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_plans_pk', ['tenant_id', 'service_id'])
    .execute();
  await db.schema
    .createTable('orders')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('number', 'varchar(32)', (c) => c.notNull())
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('requested_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('state', 'varchar(32)', (c) => c.notNull())
    .addColumn('service_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('service_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('due_now', 'bigint', (c) => c.notNull())
    .addColumn('mrr_delta', 'bigint', (c) => c.notNull())
    .addColumn('review_reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('note', 'varchar(2000)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('orders_number', ['tenant_id', 'number'])
    .execute();
  await db.schema.createIndex('orders_tenant').on('orders').columns(['tenant_id', 'created_at']).execute();
  await db.schema
    .createTable('order_lines')
    .addColumn('order_id', 'varchar(64)', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('item_id', 'varchar(64)')
    .addColumn('from_item_id', 'varchar(64)')
    .addColumn('description', 'varchar(300)', (c) => c.notNull())
    .addColumn('from_monthly', 'bigint', (c) => c.notNull())
    .addColumn('to_monthly', 'bigint', (c) => c.notNull())
    .addColumn('code', 'varchar(16)', (c) => c.notNull())
    .addColumn('mrr_delta', 'bigint', (c) => c.notNull())
    .addColumn('due_now', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('order_lines_pk', ['order_id', 'position'])
    .execute();
  await db.schema
    .createTable('order_events')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('order_id', 'varchar(64)', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('actor', 'varchar(200)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('from_state', 'varchar(32)')
    .addColumn('to_state', 'varchar(32)')
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('order_events_order').on('order_events').columns(['order_id', 'seq']).unique().execute();
  await db.schema
    .createTable('device_returns')
    .addColumn('order_id', 'varchar(64)', (c) => c.primaryKey().references('orders.id').onDelete('cascade'))
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('device', 'varchar(200)', (c) => c.notNull())
    .addColumn('carrier', 'varchar(64)', (c) => c.notNull())
    .addColumn('tracking_number', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('attested_at', 'varchar(32)')
    .addColumn('attested_by', 'varchar(200)')
    .addColumn('attestation', 'varchar(2000)')
    .addColumn('received_at', 'varchar(32)')
    .execute();
  await db.schema
    .createTable('escalations')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('step', 'varchar(32)', (c) => c.notNull())
    .addColumn('selection', 'text', (c) => c.notNull())
    .addColumn('note', 'varchar(2000)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('answer', 'varchar(4000)')
    .addColumn('answered_by', 'varchar(200)')
    .addColumn('answered_at', 'varchar(32)')
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('escalations_tenant').on('escalations').columns(['tenant_id', 'state']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['escalations', 'device_returns', 'order_events', 'order_lines', 'orders', 'service_plans', 'catalog_items'])
    await db.schema.dropTable(table).execute();
}
