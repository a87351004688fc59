import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Which provider account (OpenStack project, Cloud Director org) holds a tenant's servers.
  await db.schema
    .createTable('compute_accounts')
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('source', 'varchar(64)', (c) => c.notNull())
    .addColumn('scope', 'varchar(200)', (c) => c.notNull())
    .addPrimaryKeyConstraint('compute_accounts_pk', ['tenant_id', 'source'])
    .execute();

  // One row per (server, metric, tier, bucket start). Raw rows have count 1; rollups keep
  // sum/count/min/max so a mean and the peaks survive downsampling.
  await db.schema
    .createTable('usage_samples')
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('server_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('metric', 'varchar(16)', (c) => c.notNull())
    .addColumn('tier', 'smallint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('sum', 'double precision', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('min', 'double precision', (c) => c.notNull())
    .addColumn('max', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_samples_pk', ['tenant_id', 'server_id', 'metric', 'tier', 'at'])
    .execute();
  await db.schema.createIndex('usage_samples_tier_at').on('usage_samples').columns(['tier', 'at']).execute();

  // A plan's capacity where it differs from the flavor (bandwidth, upgraded limits).
  await db.schema
    .createTable('server_plans')
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('server_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('metric', 'varchar(16)', (c) => c.notNull())
    .addColumn('capacity', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('server_plans_pk', ['tenant_id', 'server_id', 'metric'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['server_plans', 'usage_samples', 'compute_accounts']) await db.schema.dropTable(table).execute();
}
