import { sql, type Kysely } from 'kysely';

/** The table behind `nextNumber` (migration 0013). */
export interface NumberSequenceTable {
  tenant_id: string;
  series: string;
  /** bigint: PostgreSQL returns it as a string. */
  value: number | string;
}

/**
 * The next number of a tenant's series (1, 2, 3, …), unique under any concurrency and
 * across host processes: one upsert that bumps a counter row and returns the new value.
 * On PostgreSQL the row stays locked until the caller's transaction ends, so run it inside
 * the transaction that inserts the numbered row; a rolled-back transaction leaves no gap
 * behind it.
 *
 * A series' first number continues after the rows that already exist (`countFrom`, the
 * table the series numbers), so databases from before the counter keep counting on.
 *
 * @example
 * ```ts
 * const n = await nextNumber(trx, tenant, 'orders', { countFrom: 'orders' });
 * const number = `ORD-${1000 + n}`;
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database or transaction: the counted table is named at run time
export async function nextNumber(db: Kysely<any>, tenant: string, series: string, options: { countFrom?: string } = {}): Promise<number> {
  const start = options.countFrom
    ? sql<number>`(select count(*) + 1 from ${sql.table(options.countFrom)} where tenant_id = ${tenant})`
    : sql<number>`1`;
  const row = await db
    .insertInto('number_sequences')
    .values({ tenant_id: tenant, series, value: start })
    .onConflict((oc) => oc.columns(['tenant_id', 'series']).doUpdateSet({ value: sql`number_sequences.value + 1` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}
