import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Content in the reader's language. Catalog items get `translations` (per language, the
 * translated name and description: `{"de":{"name":"Täglich"}}`).
 *
 * A knowledge-base article has one row per language: the slug names the article, `locale`
 * the language of that variant, so `(slug, locale)` is unique instead of the slug alone.
 * PostgreSQL swaps the constraint; SQLite rebuilds the table (a column's UNIQUE cannot be
 * dropped there), keeping rowids so the full-text index is rebuilt from the same rows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('catalog_items')
    .addColumn('translations', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`ALTER TABLE kb_articles DROP CONSTRAINT IF EXISTS kb_articles_slug_key`.execute(db);
    await sql`ALTER TABLE kb_articles ADD CONSTRAINT kb_articles_slug_locale UNIQUE (slug, locale)`.execute(db);
    return;
  }
  await rebuildSqlite(db, 'UNIQUE (slug, locale)');
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('catalog_items').dropColumn('translations').execute();
  // Only one variant per slug survives: the default language's, else any.
  await sql`DELETE FROM kb_articles WHERE locale <> 'en' AND slug IN (SELECT slug FROM kb_articles WHERE locale = 'en')`.execute(db);
  await sql`DELETE FROM kb_articles WHERE id NOT IN (SELECT MIN(id) FROM kb_articles GROUP BY slug)`.execute(db);
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`ALTER TABLE kb_articles DROP CONSTRAINT IF EXISTS kb_articles_slug_locale`.execute(db);
    await sql`ALTER TABLE kb_articles ADD CONSTRAINT kb_articles_slug_key UNIQUE (slug)`.execute(db);
    return;
  }
  await rebuildSqlite(db, 'UNIQUE (slug)');
}

async function rebuildSqlite(db: Kysely<any>, unique: string): Promise<void> {
  for (const trigger of ['kb_ai', 'kb_ad', 'kb_au']) await sql.raw(`DROP TRIGGER IF EXISTS ${trigger}`).execute(db);
  await sql
    .raw(
      `CREATE TABLE kb_articles_next (
    id varchar(64) PRIMARY KEY,
    slug varchar(200) NOT NULL,
    title varchar(300) NOT NULL,
    category varchar(100) NOT NULL,
    body text NOT NULL,
    locale varchar(8) NOT NULL DEFAULT 'en',
    published integer NOT NULL DEFAULT 0,
    updated_at varchar(32) NOT NULL,
    ${unique}
  )`,
    )
    .execute(db);
  await sql`INSERT INTO kb_articles_next (rowid, id, slug, title, category, body, locale, published, updated_at)
    SELECT rowid, id, slug, title, category, body, locale, published, updated_at FROM kb_articles`.execute(db);
  await sql`DROP TABLE kb_articles`.execute(db);
  await sql`ALTER TABLE kb_articles_next RENAME TO kb_articles`.execute(db);
  await sql`CREATE TRIGGER kb_ai AFTER INSERT ON kb_articles BEGIN
    INSERT INTO kb_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body); END`.execute(db);
  await sql`CREATE TRIGGER kb_ad AFTER DELETE ON kb_articles BEGIN
    INSERT INTO kb_fts(kb_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body); END`.execute(db);
  await sql`CREATE TRIGGER kb_au AFTER UPDATE ON kb_articles BEGIN
    INSERT INTO kb_fts(kb_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
    INSERT INTO kb_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body); END`.execute(db);
  await sql`INSERT INTO kb_fts(kb_fts) VALUES ('rebuild')`.execute(db);
}
