import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration, type MigrationResultSet } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Database } from './schema.js';
import { migrationProvider } from './migrations/index.js';
import { directReads } from './prepared.js';

export type Db = Kysely<Database>;
export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Db;
  dialect: DialectName;
  /** PostgreSQL schema in use (`public` unless one was given); undefined on SQLite. */
  schema?: string;
  /** Closes the pool or file. */
  destroy(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /**
   * `postgres://…` selects PostgreSQL; anything else is a SQLite file path
   * (`sqlite:` prefix optional); `:memory:` for tests. Default `.data/glasspane.db`.
   */
  url?: string;
  /** PostgreSQL only: a schema to create and use (tests isolate themselves with it). */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

export function isPostgresUrl(url: string | undefined): boolean {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

/** Opens the database named by `url` (`DATABASE_URL`). Does not migrate. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  const url = options.url ?? '.data/glasspane.db';
  if (isPostgresUrl(url)) {
    const schema = options.schema;
    if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name "${schema}".`);
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      // int8 (COUNT, bigserial) arrives as a string by default; our counts fit a double.
      // pg's overloaded getTypeParser type has no single-function form to satisfy, hence `any`.
      types: {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
        getTypeParser: (oid: number, format?: any) => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)),
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
      } as any,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    if (schema) {
      const client = await pool.connect();
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      } finally {
        client.release();
      }
    }
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', schema: schema ?? 'public', destroy: () => db.destroy() };
  }

  const file = url.replace(/^sqlite:(\/\/)?/, '');
  if (file !== ':memory:') {
    const { mkdirSync } = await import('node:fs');
    const { dirname } = await import('node:path');
    mkdirSync(dirname(file), { recursive: true });
  }
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  // prepared() reads outside a transaction run here at once, as kysely's driver would (`all`),
  // each on a statement of its own: prepared at the first call (the table may not exist before),
  // kept out of the cache so it neither evicts nor pays the cache's bookkeeping.
  directReads(db, (sql) => {
    let stmt: SQLite.Statement | undefined;
    let reader = false;
    return (parameters) => {
      if (sqlite.inTransaction) return undefined;
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        reader = stmt.reader;
      }
      return reader ? (stmt.all(parameters) as unknown[]) : undefined;
    };
  });
  return { db, dialect: 'sqlite', destroy: () => db.destroy() };
}

/**
 * Runs every pending migration: the host's, then each plugin's own (`plugins`, in the
 * order given). Returns kysely's result set of the host's; throws one error that names
 * the failed migration so the operator knows where to look.
 */
export async function migrateToLatest(
  db: Db,
  options: { schema?: string; plugins?: readonly PluginMigrations[] } = {},
): Promise<MigrationResultSet> {
  const result = await runMigrator(createMigrator(db, options.schema));
  for (const plugin of options.plugins ?? []) {
    if (plugin.migrations && Object.keys(plugin.migrations).length) await runMigrator(createPluginMigrator(db, plugin, options.schema));
  }
  return result;
}

/** A plugin's id and its own migrations (`PluginDefinition.migrations`). */
export interface PluginMigrations {
  id: string;
  migrations?: Readonly<Record<string, Migration>>;
}

async function runMigrator(migrator: Migrator): Promise<MigrationResultSet> {
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Database migration ${failed ? `"${failed.migrationName}" ` : ''}failed: ${reason}`, { cause: result.error });
  }
  return result;
}

/**
 * The host's migrator. On PostgreSQL the schema is named explicitly: kysely otherwise
 * finds a migration table of the same name in any schema and skips creating its own.
 */
export function createMigrator(db: Db, schema?: string): Migrator {
  return new Migrator({
    db,
    provider: migrationProvider,
    migrationTableName: 'glasspane_migrations',
    migrationLockTableName: 'glasspane_migrations_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/**
 * A plugin's migrator. Each plugin records its migrations in a table of its own
 * (`glasspane_migrations_<id>`, with its own lock table): kysely refuses to migrate when a
 * migration it ran before is missing from the list, or (without `allowUnorderedMigrations`)
 * when a new one sorts before one it ran, so plugin migrations in the host's table would
 * break the host as soon as a plugin is removed or a plugin's names sort between others.
 */
export function createPluginMigrator(db: Db, plugin: PluginMigrations, schema?: string): Migrator {
  const table = `glasspane_migrations_${plugin.id.replaceAll('-', '_')}`;
  return new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...plugin.migrations }) },
    migrationTableName: table,
    migrationLockTableName: `${table}_lock`,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs more than running a
 * small query. Statements are cached by SQL text (bounded, least recently used out).
 * Safe because kysely runs one statement at a time per connection with `all`/`run`.
 */
function withStatementCache(sqlite: SQLite.Database, size = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}
