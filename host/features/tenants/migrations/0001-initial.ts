import type { Kysely } from 'kysely';

// Migrations are typed `Kysely<any>`: they describe the schema of their day, not today's.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('origins', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('services')
    .addColumn('id', 'varchar(64)', (c) => c.notNull())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('services_pk', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('status_component_links')
    .addColumn('source', 'varchar(64)', (c) => c.notNull())
    .addColumn('component_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('service_id', 'varchar(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('status_component_links_pk', ['source', 'component_id', 'tenant_id', 'service_id'])
    .addForeignKeyConstraint('status_component_links_service_fk', ['tenant_id', 'service_id'], 'services', ['tenant_id', 'id'], (cb) =>
      cb.onDelete('cascade'),
    )
    .execute();
  await db.schema.createIndex('status_component_links_tenant').on('status_component_links').column('tenant_id').execute();

  // local_notices moved to the local plugin's own migration (plugins/local/migrations); databases
  // migrated before keep the table this migration created then.

  await db.schema
    .createTable('embed_sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('origins', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('embed_sessions_expires').on('embed_sessions').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['embed_sessions', 'status_component_links', 'services', 'tenants']) {
    await db.schema.dropTable(table).execute();
  }
}
