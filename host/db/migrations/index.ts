import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-compute-usage.js';
import * as m0003 from './0003-billing.js';
import * as m0004 from './0004-support.js';
import * as m0005 from './0005-stream-events.js';

/**
 * Migrations are listed here rather than read from a folder, so the host runs the
 * same way from source, from a bundle and in tests. Names sort in order of execution.
 */
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-compute-usage': m0002,
  '0003-billing': m0003,
  '0004-support': m0004,
  '0005-stream-events': m0005,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
