/**
 * Database migrations from the command line, for operators who migrate in a release step
 * (and start the hosts with `GLASSPANE_MIGRATE=off`):
 *
 *   node --import tsx host/migrate.ts status         what ran, what is pending
 *   node --import tsx host/migrate.ts up             run every pending migration
 *   node --import tsx host/migrate.ts down [plugin]  undo the host's (or a plugin's) last migration
 *
 * `DATABASE_URL` names the database, as for the host; the plugins enabled by the
 * environment (host/config.ts) have their own migrations, run after the host's.
 */
import { pathToFileURL } from 'node:url';
import type { Migrator } from 'kysely';
import { createMigrator, createPluginMigrator, migrateToLatest, openDatabase, type Db, type PluginMigrations } from './db/database.js';
import { enabledPluginIds } from './config.js';

export interface MigrationTarget {
  db: Db;
  /** PostgreSQL schema of the host's tables, if not the default. */
  schema?: string;
  plugins: readonly PluginMigrations[];
}

/** One migrator's migrations: `host` or a plugin's id. */
export interface MigrationStatus {
  owner: string;
  migrations: { name: string; executedAt: string | null }[];
}

export async function migrationStatus(target: MigrationTarget): Promise<MigrationStatus[]> {
  const result: MigrationStatus[] = [];
  for (const [owner, migrator] of migrators(target)) {
    const list = await migrator.getMigrations();
    result.push({ owner, migrations: list.map((m) => ({ name: m.name, executedAt: m.executedAt ? m.executedAt.toISOString() : null })) });
  }
  return result;
}

/** Runs every pending migration (the host's, then each plugin's); returns the names that ran. */
export async function migrateUp(target: MigrationTarget): Promise<string[]> {
  const before = await migrationStatus(target);
  await migrateToLatest(target.db, { schema: target.schema, plugins: target.plugins });
  const after = await migrationStatus(target);
  const ran = (s: MigrationStatus[]) =>
    new Set(s.flatMap((o) => o.migrations.filter((m) => m.executedAt).map((m) => `${o.owner}: ${m.name}`)));
  const had = ran(before);
  return [...ran(after)].filter((name) => !had.has(name));
}

/**
 * Undoes the last migration of `owner` (`host`, or a plugin's id). Refuses one without a
 * `down` step: kysely would only forget it had run, leaving its tables behind for the next
 * `up` to trip over. Restore a backup instead.
 */
export async function migrateDown(target: MigrationTarget, owner = 'host'): Promise<string> {
  const migrator = migrators(target).get(owner);
  if (!migrator) throw new Error(`No migrations belong to "${owner}"; known: ${[...migrators(target).keys()].join(', ')}.`);
  const last = (await migrator.getMigrations()).filter((m) => m.executedAt).at(-1);
  if (!last) throw new Error(`No migration of ${owner} has run; nothing to undo.`);
  if (!last.migration.down) {
    throw new Error(
      `Migration "${last.name}" (${owner}) has no down step, so it cannot be undone here; restore the database from a backup taken before it.`,
    );
  }
  const result = await migrator.migrateDown();
  if (result.error)
    throw new Error(`Undoing "${last.name}" failed: ${result.error instanceof Error ? result.error.message : String(result.error)}`, {
      cause: result.error,
    });
  return last.name;
}

function migrators(target: MigrationTarget): Map<string, Migrator> {
  const map = new Map<string, Migrator>([['host', createMigrator(target.db, target.schema)]]);
  for (const plugin of target.plugins) {
    if (plugin.migrations && Object.keys(plugin.migrations).length)
      map.set(plugin.id, createPluginMigrator(target.db, plugin, target.schema));
  }
  return map;
}

async function main(argv: string[]): Promise<number> {
  const [command, owner] = argv;
  if (command !== 'status' && command !== 'up' && command !== 'down') {
    console.error('usage: node --import tsx host/migrate.ts status | up | down [host | <plugin id>]');
    return 2;
  }
  const { ENTRY_PLUGINS } = await import('./entry-plugins.js');
  const plugins = enabledPluginIds(process.env)
    .map((id) => ENTRY_PLUGINS[id]!)
    .filter(Boolean);
  const opened = await openDatabase({ url: process.env.DATABASE_URL || undefined });
  const target: MigrationTarget = { db: opened.db, schema: opened.schema, plugins };
  try {
    if (command === 'status') {
      let pending = 0;
      for (const { owner: who, migrations } of await migrationStatus(target)) {
        for (const m of migrations) {
          if (!m.executedAt) pending++;
          console.log(`${who.padEnd(14)} ${m.name.padEnd(32)} ${m.executedAt ?? 'pending'}`);
        }
      }
      console.log(pending ? `${pending} pending: run "node --import tsx host/migrate.ts up"` : 'up to date');
    } else if (command === 'up') {
      const ran = await migrateUp(target);
      console.log(ran.length ? `ran ${ran.length}:\n  ${ran.join('\n  ')}` : 'nothing to run: up to date');
    } else {
      console.log(`undone: ${await migrateDown(target, owner)}`);
    }
    return 0;
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 1;
  } finally {
    await opened.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
