import { createQueryId, type CompiledQuery, type Compilable, type QueryResult } from 'kysely';

const SLOT = Symbol('parameter slot');

/** What prepared() needs of a `Kysely`: any instance, whatever its tables' types. */
export interface QueryRunner {
  executeQuery<O>(query: CompiledQuery<O>): Promise<QueryResult<O>>;
}
type Slot = { readonly [SLOT]: number };

/**
 * One compiled statement run on the database's own connection at once: its rows, or
 * `undefined` when it cannot run that way (a transaction holds the connection, or the
 * statement is not a read), and the caller goes through kysely. See directReads().
 */
export type DirectRead = (parameters: readonly unknown[]) => unknown[] | undefined;

const directReadsOf = new WeakMap<object, (sql: string) => DirectRead>();

/**
 * Lets prepared() run `db`'s compiled reads on its connection directly (openDatabase() does
 * for SQLite): `statement` makes the runner of one SQL text, once per prepared query. Only
 * for a driver that runs a statement synchronously and whole, as better-sqlite3 does, so a
 * read needs no turn on the connection of its own.
 */
export function directReads(db: QueryRunner, statement: (sql: string) => DirectRead): void {
  directReadsOf.set(db, statement);
}

/**
 * A query kysely builds and compiles once; each call only binds its parameters. For hot
 * paths where building and compiling a query costs as much as running it (kysely's
 * builder is immutable and its compiler walks the tree each time).
 *
 * `build` receives one placeholder per declared parameter (no defaults or rest), to use
 * where the values go; each must be used, in any order, beside constants. The SQL
 * text is then fixed, so the same statement is reused (and cached by the SQLite driver).
 * Each call hands kysely the compiled query with its values (`db.executeQuery`): no
 * builder, no compiler, and the rows as the driver made them.
 *
 * On the host's SQLite database (openDatabase()), a call outside any transaction skips
 * kysely's executor as well and runs a statement of its own on the connection at once, as
 * kysely's driver would (`all`): the executor's connection lock, driver and result hooks are
 * some ten promise turns per call, about 2 µs (8 % of a 100-sample usage read). better-sqlite3
 * runs each statement synchronously and whole, so nothing can come between; while a
 * transaction holds the connection, the call waits its turn through kysely as before and never
 * sees uncommitted rows. Only the instance openDatabase() made (or a cast of it) reads
 * directly; one from `withPlugin` or `withTables`, or a transaction, always goes through kysely.
 *
 * Works on any `Kysely` (a plugin's typed view of the host's database too), PostgreSQL and SQLite alike.
 *
 * @example
 * ```ts
 * const plans = prepared<[string, string], { metric: string }>(db, (tenant, server) =>
 *   db.selectFrom('server_plans').select('metric').where('tenant_id', '=', tenant).where('server_id', '=', server));
 * await plans('acme', 'openstack:42');
 * ```
 */
export function prepared<P extends readonly unknown[], R>(
  db: QueryRunner,
  build: (...slots: never[]) => Compilable<unknown>,
): (...params: P) => Promise<R[]> {
  const slots = Array.from({ length: build.length }, (_, i) => ({ [SLOT]: i }) as Slot);
  const compiled = build(...(slots as never[])).compile();
  const binding = compiled.parameters.map((p) => (typeof p === 'object' && p !== null && SLOT in p ? (p as Slot)[SLOT] : -1));
  if (!slots.every((_, i) => binding.includes(i))) throw new Error(`prepared(): a placeholder was not used in "${compiled.sql}"`);
  const { sql, query } = compiled;
  const fixed = compiled.parameters;
  // Placeholders used once each, in their declared order and without constants: the call's own arguments are the values.
  const asGiven = binding.length === slots.length && binding.every((b, i) => b === i);
  const direct = directReadsOf.get(db)?.(sql);
  return async (...params) => {
    let parameters: readonly unknown[] = params;
    if (!asGiven) {
      const values = new Array<unknown>(binding.length);
      for (let i = 0; i < binding.length; i++) values[i] = binding[i]! >= 0 ? params[binding[i]!] : fixed[i];
      parameters = values;
    }
    const rows = direct?.(parameters);
    if (rows) return rows as R[];
    const run: CompiledQuery<R> = { sql, query, queryId: createQueryId(), parameters };
    return (await db.executeQuery(run)).rows;
  };
}
