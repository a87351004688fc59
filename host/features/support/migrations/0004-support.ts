import { PostgresAdapter, sql, type Kysely } from 'kysely';

/** PostgreSQL and SQLite differ only in full-text search; everything else is shared. */
async function isPostgres(db: Kysely<any>): Promise<boolean> {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('support_accounts')
    .addColumn('tenant_id', 'varchar(64)', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
    .addColumn('source', 'varchar(64)', (c) => c.notNull())
    .addColumn('account', 'varchar(200)', (c) => c.notNull())
    .execute();

  // Local tickets and their conversation (tickets, ticket_messages) moved to the local plugin's own migration (plugins/local/migrations);
  // databases
  // migrated before keep the tables this migration created then.

  // Per tenant: target first-response time per urgency, from the contract.
  await db.schema
    .createTable('support_contracts')
    .addColumn('tenant_id', 'varchar(64)', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
    .addColumn('targets', 'text', (c) => c.notNull())
    .execute();

  // Knowledge base: Markdown articles, searched by the dialect's full-text engine.
  await db.schema
    .createTable('kb_articles')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('slug', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('category', 'varchar(100)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('locale', 'varchar(8)', (c) => c.notNull().defaultTo('en'))
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  if (await isPostgres(db)) {
    await sql`ALTER TABLE kb_articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('simple', coalesce(title, '')), 'A') || setweight(to_tsvector('simple', coalesce(body, '')), 'B')) STORED`.execute(
      db,
    );
    await sql`CREATE INDEX kb_articles_search ON kb_articles USING gin (search)`.execute(db);
  } else {
    await sql`CREATE VIRTUAL TABLE kb_fts USING fts5(title, body, content='kb_articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`.execute(
      db,
    );
    await sql`CREATE TRIGGER kb_ai AFTER INSERT ON kb_articles BEGIN
      INSERT INTO kb_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body); END`.execute(db);
    await sql`CREATE TRIGGER kb_ad AFTER DELETE ON kb_articles BEGIN
      INSERT INTO kb_fts(kb_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body); END`.execute(db);
    await sql`CREATE TRIGGER kb_au AFTER UPDATE ON kb_articles BEGIN
      INSERT INTO kb_fts(kb_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
      INSERT INTO kb_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body); END`.execute(db);
  }

  // Contact and escalation matrix, per project of a tenant.
  await db.schema
    .createTable('contact_matrices')
    .addColumn('tenant_id', 'varchar(64)', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('project', 'varchar(64)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('matrix', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_matrices_pk', ['tenant_id', 'project'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(await isPostgres(db))) await sql`DROP TABLE IF EXISTS kb_fts`.execute(db);
  for (const table of ['contact_matrices', 'kb_articles', 'support_contracts', 'support_accounts']) {
    await db.schema.dropTable(table).execute();
  }
}
