import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from './db/database.js';
import { migrateDown, migrateUp, migrationStatus, type MigrationTarget } from './migrate.js';
import { createTestHost, dialectName, TEST_DATABASE_URL } from './test/helpers.js';
import localPlugin from '../plugins/local/index.js';

/** A plugin whose one migration can be undone. */
const reversible = {
  id: 'reversible',
  migrations: {
    'reversible/0001-notes': {
      up: (db: Kysely<any>) => db.schema.createTable('reversible_notes').addColumn('id', 'integer', (c) => c.primaryKey()).execute(),
      down: (db: Kysely<any>) => db.schema.dropTable('reversible_notes').execute(),
    },
  },
};

/** A plugin whose migration has no down step. */
const irreversible = {
  id: 'irreversible',
  migrations: { 'irreversible/0001-x': { up: (db: Kysely<any>) => db.schema.createTable('irreversible_x').addColumn('id', 'integer').execute() } },
};

async function openTarget() {
  const schema = dialectName === 'postgres' ? `t_${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}` : undefined;
  const opened = await openDatabase({ url: TEST_DATABASE_URL ?? ':memory:', schema });
  const target: MigrationTarget = { db: opened.db, schema: opened.schema, plugins: [localPlugin, reversible, irreversible] };
  return {
    target,
    async close() {
      if (schema) await sql.raw(`DROP SCHEMA ${schema} CASCADE`).execute(opened.db);
      await opened.destroy();
    },
  };
}

describe('migrations from the command line', () => {
  it('status shows pending migrations, up runs them (host and plugins), down undoes a reversible one and refuses the rest', async () => {
    const { target, close } = await openTarget();
    try {
      const before = await migrationStatus(target);
      assert.deepEqual(before.map((s) => s.owner), ['host', 'local', 'reversible', 'irreversible']);
      assert.ok(before.every((s) => s.migrations.every((m) => m.executedAt === null)));

      const ran = await migrateUp(target);
      assert.ok(ran.includes('host: 0001-initial') && ran.includes('local: local/0001-tables') && ran.includes('reversible: reversible/0001-notes'), ran.join());
      assert.ok((await migrationStatus(target)).every((s) => s.migrations.every((m) => m.executedAt)));
      assert.deepEqual(await migrateUp(target), [], 'nothing left to run');

      assert.equal(await migrateDown(target, 'reversible'), 'reversible/0001-notes');
      await assert.rejects(sql`select * from reversible_notes`.execute(target.db), 'the table is gone');
      assert.equal((await migrationStatus(target)).find((s) => s.owner === 'reversible')!.migrations[0]!.executedAt, null);

      await assert.rejects(migrateDown(target, 'irreversible'), /"irreversible\/0001-x" \(irreversible\) has no down step/);
      assert.ok((await migrationStatus(target)).find((s) => s.owner === 'irreversible')!.migrations[0]!.executedAt, 'still recorded as run');

      const last = (await migrationStatus(target))[0]!.migrations.at(-1)!.name;
      assert.equal(await migrateDown(target), last, "the host's last migration is undone");
      assert.equal((await migrationStatus(target))[0]!.migrations.at(-1)!.executedAt, null);
      assert.deepEqual(await migrateUp(target), [`host: ${last}`, 'reversible: reversible/0001-notes']);
    } finally {
      await close();
    }
  });

  it('a host started with migrate: false is not ready until the migrations run', async () => {
    const { target, close } = await openTarget();
    const host = await createTestHost({ database: { db: target.db, dialect: dialectName, schema: target.schema }, migrate: false });
    try {
      const unready = await host.request('GET', '/readyz');
      assert.equal(unready.status, 503);
      assert.equal(((await unready.json()) as any).checks.migrations.status, 'failing');
      await migrateUp(target);
      assert.equal((await host.request('GET', '/readyz')).status, 200);
    } finally {
      await host.close();
      await close();
    }
  });

  it('the CLI prints the status and runs up on a SQLite file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-migrate-'));
    try {
      const run = (...args: string[]) =>
        spawnSync(process.execPath, ['--import', 'tsx', 'host/migrate.ts', ...args], { env: { PATH: process.env.PATH!, DATABASE_URL: join(dir, 'm.db') }, encoding: 'utf8', timeout: 60_000 });
      const pending = run('status');
      assert.equal(pending.status, 0, pending.stderr);
      assert.match(pending.stdout, /0001-initial\s+pending/);
      assert.match(pending.stdout, /pending: run/);
      const up = run('up');
      assert.equal(up.status, 0, up.stderr);
      assert.match(up.stdout, /host: 0001-initial/);
      assert.match(run('status').stdout, /up to date/);
      const down = run('down');
      assert.equal(down.status, 0, down.stderr);
      assert.match(down.stdout, /^undone: \d{4}-/);
      assert.match(run('status').stdout, /1 pending/);
      assert.equal(run('down', 'nobody').status, 1);
      assert.equal(run('sideways').status, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
