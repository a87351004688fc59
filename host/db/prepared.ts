import { CompiledQuery, type Compilable } from 'kysely';
import type { Db } from './database.js';

const SLOT = Symbol('parameter slot');
type Slot = { readonly [SLOT]: number };

/**
 * A query kysely builds and compiles once; each call only binds its parameters. For hot
 * paths where building and compiling a query costs as much as running it (kysely's
 * builder is immutable and its compiler walks the tree each time).
 *
 * `build` receives one placeholder per declared parameter (no defaults or rest), to use
 * where the values go; each must be used, in any order, beside constants. The SQL
 * text is then fixed, so the same statement is reused (and cached by the SQLite driver).
 *
 * @example
 * ```ts
 * const plans = prepared<[string, string], { metric: string }>(db, (tenant, server) =>
 *   db.selectFrom('server_plans').select('metric').where('tenant_id', '=', tenant).where('server_id', '=', server));
 * await plans('acme', 'openstack:42');
 * ```
 */
export function prepared<P extends readonly unknown[], R>(db: Db, build: (...slots: never[]) => Compilable<unknown>): (...params: P) => Promise<R[]> {
  const slots = Array.from({ length: build.length }, (_, i) => ({ [SLOT]: i }) as Slot);
  const compiled = build(...(slots as never[])).compile();
  const binding = compiled.parameters.map((p) => (typeof p === 'object' && p !== null && SLOT in p ? (p as Slot)[SLOT] : -1));
  if (!slots.every((_, i) => binding.includes(i))) throw new Error(`prepared(): a placeholder was not used in "${compiled.sql}"`);
  return async (...params) => {
    const values = compiled.parameters.map((fixed, i) => (binding[i]! >= 0 ? params[binding[i]!] : fixed));
    return (await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, values))).rows;
  };
}
