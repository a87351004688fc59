import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from './db/database.js';
import { migrateDown, migrateUp, migrationStatus, type MigrationTarget } from './migrate.js';
import { ADMIN_KEY, createTestHost, dialectName, startMainProcess, TEST_DATABASE_URL, waitFor } from './test/helpers.js';
import localPlugin from '../plugins/local/index.js';

const execFileAsync = promisify(execFile);

/** A plugin whose one migration can be undone. */
const reversible = {
  id: 'reversible',
  migrations: {
    'reversible/0001-notes': {
      up: (db: Kysely<any>) =>
        db.schema
          .createTable('reversible_notes')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .execute(),
      down: (db: Kysely<any>) => db.schema.dropTable('reversible_notes').execute(),
    },
  },
};

/** A plugin whose migration has no down step. */
const irreversible = {
  id: 'irreversible',
  migrations: {
    'irreversible/0001-x': { up: (db: Kysely<any>) => db.schema.createTable('irreversible_x').addColumn('id', 'integer').execute() },
  },
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
      assert.deepEqual(
        before.map((s) => s.owner),
        ['host', 'local', 'reversible', 'irreversible'],
      );
      assert.ok(before.every((s) => s.migrations.every((m) => m.executedAt === null)));

      const ran = await migrateUp(target);
      assert.ok(
        ran.includes('host: 0001-initial') && ran.includes('local: local/0001-tables') && ran.includes('reversible: reversible/0001-notes'),
        ran.join(),
      );
      assert.ok((await migrationStatus(target)).every((s) => s.migrations.every((m) => m.executedAt)));
      assert.deepEqual(await migrateUp(target), [], 'nothing left to run');

      assert.equal(await migrateDown(target, 'reversible'), 'reversible/0001-notes');
      await assert.rejects(sql`select * from reversible_notes`.execute(target.db), 'the table is gone');
      assert.equal((await migrationStatus(target)).find((s) => s.owner === 'reversible')!.migrations[0]!.executedAt, null);

      await assert.rejects(migrateDown(target, 'irreversible'), /"irreversible\/0001-x" \(irreversible\) has no down step/);
      assert.ok(
        (await migrationStatus(target)).find((s) => s.owner === 'irreversible')!.migrations[0]!.executedAt,
        'still recorded as run',
      );

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

  it('host/main.ts --no-migrate starts on a new SQLite file without migrating: not ready until host/migrate.ts up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-no-migrate-'));
    const database = join(dir, 'host.db');
    const main = startMainProcess({ GLASSPANE_ADMIN_KEY: ADMIN_KEY, DATABASE_URL: database, PORT: '0', GLASSPANE_LOG_FORMAT: 'json' }, [
      '--no-migrate',
    ]);
    try {
      const port = await waitFor('the host to listen', () => /"port":(\d+)/.exec(main.output())?.[1], 60_000);
      assert.match(main.output(), /"migrate":false/);
      const unready = await fetch(`http://127.0.0.1:${port}/readyz`);
      assert.equal(unready.status, 503);
      assert.match(((await unready.json()) as any).checks.migrations.reason, /not applied: 0001-initial/);
      const opened = await openDatabase({ url: database });
      try {
        const tables = await opened.db.introspection.getTables();
        assert.ok(!tables.some((t) => t.name === 'tenants'), tables.map((t) => t.name).join(', '));
      } finally {
        await opened.destroy();
      }
      // Not spawnSync: a blocked event loop would miss the host closing the idle keep-alive connection, and reuse it.
      const up = await execFileAsync(process.execPath, ['--import', 'tsx', 'host/migrate.ts', 'up'], {
        env: { PATH: process.env.PATH!, DATABASE_URL: database },
        timeout: 60_000,
      });
      assert.match(up.stdout, /host: 0001-initial/);
      assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 200);
      main.child.kill('SIGTERM');
      assert.equal(await main.exited, 0, main.output());
    } finally {
      if (main.child.exitCode === null) main.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the CLI prints the status and runs up on a SQLite file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-migrate-'));
    try {
      const run = (...args: string[]) =>
        spawnSync(process.execPath, ['--import', 'tsx', 'host/migrate.ts', ...args], {
          env: { PATH: process.env.PATH!, DATABASE_URL: join(dir, 'm.db') },
          encoding: 'utf8',
          timeout: 60_000,
        });
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
