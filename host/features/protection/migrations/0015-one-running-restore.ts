import { sql, type Kysely } from 'kysely';

/**
 * One running test restore per server, enforced by the database: ten concurrent requests
 * started ten restores. The service claims the server with a row before it asks the
 * storage; this partial unique index lets exactly one claim win, in any process.
 * Restores that already run twice for one server keep the newest; the others end as failed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const running = await db
    .selectFrom('protection_restores')
    .select(['id', 'tenant_id', 'server_id', 'started_at'])
    .where('status', '=', 'running')
    .orderBy('started_at', 'desc')
    .execute();
  const seen = new Set<string>();
  for (const r of running) {
    const key = `${r.tenant_id}\0${r.server_id}`;
    if (!seen.has(key)) {
      seen.add(key);
      continue;
    }
    await db
      .updateTable('protection_restores')
      .set({
        status: 'failed',
        message: 'Another test restore of this server was running at the same time.',
        finished_at: new Date().toISOString(),
      })
      .where('id', '=', r.id)
      .execute();
  }
  await sql`create unique index protection_restores_one_running on protection_restores (tenant_id, server_id) where status = 'running'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('protection_restores_one_running').execute();
}
