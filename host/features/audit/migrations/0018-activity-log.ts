import { PostgresAdapter, sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * The audit log becomes the customers' activity log: the client address each entry came
 * from and its kind (the action's first word, so the log filters by kind on an index), and
 * the database itself refuses to change or remove an entry. Triggers, not just code that
 * never updates: whoever reaches the database through another door (a script, a bug, an
 * attacker with the application's credentials) still cannot rewrite history.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('source_address', 'varchar(64)').execute();
  await db.schema
    .alterTable('audit_log')
    .addColumn('kind', 'varchar(32)', (c) => c.notNull().defaultTo('other'))
    .execute();
  // Entries from before get their kind once, before the log is sealed.
  const rows = await db.selectFrom('audit_log').select(['id', 'action']).execute();
  for (const r of rows)
    await db
      .updateTable('audit_log')
      .set({ kind: String(r.action).split('.')[0]!.slice(0, 32) })
      .where('id', '=', r.id)
      .execute();
  await db.schema.createIndex('audit_log_kind').on('audit_log').columns(['tenant_id', 'kind', 'created_at']).execute();
  if (isPostgres(db)) {
    await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_log is append-only: % is refused', tg_op using errcode = 'insufficient_privilege'; end $$`.execute(db);
    await sql`create trigger audit_log_no_change before update or delete on audit_log for each row execute function audit_log_append_only()`.execute(
      db,
    );
    await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_append_only()`.execute(
      db,
    );
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only: UPDATE is refused'); end`.execute(
      db,
    );
    await sql`create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only: DELETE is refused'); end`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger audit_log_no_truncate on audit_log`.execute(db);
    await sql`drop trigger audit_log_no_change on audit_log`.execute(db);
    await sql`drop function audit_log_append_only()`.execute(db);
  } else {
    await sql`drop trigger audit_log_no_delete`.execute(db);
    await sql`drop trigger audit_log_no_update`.execute(db);
  }
  await db.schema.dropIndex('audit_log_kind').execute();
  await db.schema.alterTable('audit_log').dropColumn('kind').execute();
  await db.schema.alterTable('audit_log').dropColumn('source_address').execute();
}
