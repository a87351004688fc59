import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { ConflictError, InvalidInputError } from '../../errors.js';
import { errorMessage } from '../../error-messages.js';

/** Stable hash of a request body: key order does not matter, values do. */
export function requestHash(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex');
}

/**
 * Runs `work` once per (tenant, key). The first request inserts the key's row and does
 * the work; concurrent and later requests with the same key and body wait for and replay
 * its result; the same key with another body is refused. The row lives in SQL, so this
 * holds across host processes sharing a database.
 */
export async function withIdempotency<T>(
  db: Db,
  tenant: string,
  key: string,
  hash: string,
  work: () => Promise<T>,
  options: { waitMs?: number; now?: () => Date } = {},
): Promise<{ result: T; replayed: boolean }> {
  const now = options.now ?? (() => new Date());
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({
      tenant_id: tenant,
      key,
      request_hash: hash,
      state: 'processing',
      status_code: null,
      response: null,
      created_at: now().toISOString(),
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();

  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
    let result: T;
    try {
      result = await work();
    } catch (err) {
      // A failure with nothing done may be retried with the same key.
      await db.deleteFrom('idempotency_keys').where('tenant_id', '=', tenant).where('key', '=', key).execute();
      throw err;
    }
    await db
      .updateTable('idempotency_keys')
      .set({ state: 'done', response: JSON.stringify(result) })
      .where('tenant_id', '=', tenant)
      .where('key', '=', key)
      .execute();
    return { result, replayed: false };
  }

  const deadline = Date.now() + (options.waitMs ?? 15_000);
  for (;;) {
    const row = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!row) return withIdempotency(db, tenant, key, hash, work, options);
    if (row.request_hash !== hash) {
      throw new InvalidInputError(errorMessage('idempotency_key_reused'), { header: 'Idempotency-Key' });
    }
    if (row.state === 'done') return { result: JSON.parse(row.response ?? 'null') as T, replayed: true };
    if (Date.now() > deadline) {
      throw new ConflictError(errorMessage('request_in_progress'), { retryAfterSeconds: 2 });
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
