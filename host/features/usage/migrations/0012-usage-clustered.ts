import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * SQLite: `usage_samples` becomes a WITHOUT ROWID table, clustered on its primary key
 * (tenant, server, metric, tier, at). A range of one server's metric is then one
 * contiguous read instead of an index walk plus a table lookup per sample, which made
 * the usage endpoint's query about a third slower; and the key is stored once, not twice.
 * PostgreSQL keeps its heap and key index: nothing to do there.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await rebuild(db, true);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await rebuild(db, false);
}

async function rebuild(db: Kysely<any>, withoutRowid: boolean): Promise<void> {
  await db.schema
    .createTable('usage_samples_next')
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('server_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('metric', 'varchar(16)', (c) => c.notNull())
    .addColumn('tier', 'smallint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('sum', 'double precision', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('min', 'double precision', (c) => c.notNull())
    .addColumn('max', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_samples_next_pk', ['tenant_id', 'server_id', 'metric', 'tier', 'at'])
    .$call((b) => (withoutRowid ? b.modifyEnd(sql`WITHOUT ROWID`) : b))
    .execute();
  await sql`INSERT INTO usage_samples_next (tenant_id, server_id, metric, tier, at, sum, count, min, max)
    SELECT tenant_id, server_id, metric, tier, at, sum, count, min, max FROM usage_samples`.execute(db);
  await db.schema.dropIndex('usage_samples_tier_at').execute();
  await db.schema.dropTable('usage_samples').execute();
  await db.schema.alterTable('usage_samples_next').renameTo('usage_samples').execute();
  await db.schema.createIndex('usage_samples_tier_at').on('usage_samples').columns(['tier', 'at']).execute();
}
