import { readerActivityDetail } from '../../provider-words.js';
import type { MiddlewareHandler } from 'hono';
import { inRequestContext, requestContext, type HostEnv } from '../../context.js';
import type { Db } from '../../db/database.js';
import { readJson, writeJson } from '../../db/json.js';
import { csvRow } from '../../csv.js';

/** What the activity log filters by: an action's first word (`server.stop` is a `server` entry). */
export const ACTIVITY_KINDS = ['server', 'payment', 'payment_method', 'payment_setup', 'autopay', 'order', 'ticket', 'pci', 'kb'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export interface AuditEntry {
  id: string;
  tenant: string;
  /** The user from the embed token, or `system` for jobs. */
  actor: string;
  action: string;
  kind: string;
  /** What the action was done to (a server id, a payment id, a ticket or order number). */
  subject: string;
  detail: Record<string, unknown>;
  /** The client's address as the host saw it; null for jobs and entries from before it was recorded. */
  sourceAddress: string | null;
  createdAt: string;
}

export interface AuditFilter {
  kinds?: readonly string[];
  /** Kinds the reader may not see (payments for a technical-only token). */
  hiddenKinds?: readonly string[];
  user?: string;
  /** ISO instants: `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
}

/**
 * Remembers each API request's client address for the audit entries written while it runs.
 * Billing and orders write entries deep in their services, some from jobs with no request at
 * all; threading the address through every signature would touch every caller for one field.
 */
export function auditRequestContext(addressOf: (c: Parameters<MiddlewareHandler>[0]) => string): MiddlewareHandler<HostEnv> {
  return function auditRequestContextMiddleware(c, next) {
    c.set('auditAddress', addressOf(c));
    return inRequestContext(c, next);
  };
}

/** Most entries a CSV export holds; a longer range is exported in parts. */
export const CSV_LIMIT = 10_000;

/**
 * The audit log, which customers read as their activity log: append-only (the database
 * refuses UPDATE and DELETE, migration 0018), one row per thing a person or a job did,
 * scoped by tenant. Every feature writes through `append`. Details must never carry
 * secrets or card data; callers pass labels (`Visa •••• 4242`), not numbers.
 */
export class AuditService {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /**
   * Appends one entry. The client address is the current request's (none for jobs);
   * `options.db` writes inside the caller's transaction, so the entry and the change it
   * records commit together.
   */
  async append(
    tenant: string,
    actor: string,
    action: string,
    subject: string,
    detail: Record<string, unknown> = {},
    options: { db?: Db; address?: string | null } = {},
  ): Promise<void> {
    const address = options.address !== undefined ? options.address : (requestContext()?.get('auditAddress') ?? null);
    await (options.db ?? this.db)
      .insertInto('audit_log')
      .values({
        id: crypto.randomUUID(),
        tenant_id: tenant,
        actor: actor.slice(0, 200),
        action: action.slice(0, 64),
        kind: action.split('.')[0]!.slice(0, 32),
        subject: subject.slice(0, 300),
        detail: writeJson(detail),
        source_address: address?.slice(0, 64) ?? null,
        created_at: this.now().toISOString(),
      })
      .execute();
  }

  /** The tenant's newest entries first (at most 500): what billing's tests and callers read. */
  async list(tenant: string): Promise<AuditEntry[]> {
    return (await this.page(tenant, {}, { offset: 0, limit: 500 })).items;
  }

  /** One page of the tenant's entries, newest first, with how many match in all. */
  async page(
    tenant: string,
    filter: AuditFilter,
    page: { offset: number; limit: number },
  ): Promise<{ items: AuditEntry[]; total: number }> {
    const [rows, count] = await Promise.all([
      this.#query(tenant, filter)
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .offset(page.offset)
        .limit(page.limit)
        .execute(),
      this.#query(tenant, filter)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst(),
    ]);
    return { items: rows.map(toEntry), total: Number(count?.n ?? 0) };
  }

  /** Everyone who appears in the tenant's log (for a filter's choices), at most 200. */
  async actors(tenant: string, filter: Pick<AuditFilter, 'hiddenKinds'> = {}): Promise<string[]> {
    const rows = await this.#query(tenant, filter).select('actor').distinct().orderBy('actor').limit(200).execute();
    return rows.map((r) => r.actor);
  }

  /**
   * The matching entries as CSV (newest first, at most CSV_LIMIT), formula-safe: a user
   * named `=cmd|…` stays text in a spreadsheet.
   */
  async csv(tenant: string, filter: AuditFilter): Promise<string> {
    const rows = await this.#query(tenant, filter)
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(CSV_LIMIT)
      .execute();
    const lines = [csvRow(['time', 'user', 'action', 'target', 'source address', 'details'])];
    for (const e of rows.map(toEntry))
      lines.push(
        csvRow([
          e.createdAt,
          e.actor,
          e.action,
          e.subject,
          e.sourceAddress ?? '',
          Object.keys(e.detail).length ? JSON.stringify(readerActivityDetail(e.action, e.subject, e.detail)) : '',
        ]),
      );
    return lines.join('\r\n') + '\r\n';
  }

  #query(tenant: string, filter: AuditFilter) {
    let q = this.db.selectFrom('audit_log').where('tenant_id', '=', tenant);
    if (filter.kinds?.length) q = q.where('kind', 'in', [...filter.kinds]);
    if (filter.hiddenKinds?.length) q = q.where('kind', 'not in', [...filter.hiddenKinds]);
    if (filter.user) q = q.where('actor', '=', filter.user);
    if (filter.from) q = q.where('created_at', '>=', filter.from);
    if (filter.to) q = q.where('created_at', '<', filter.to);
    return q;
  }
}

function toEntry(r: {
  id: string;
  tenant_id: string;
  actor: string;
  action: string;
  kind: string;
  subject: string;
  detail: string;
  source_address: string | null;
  created_at: string;
}): AuditEntry {
  return {
    id: r.id,
    tenant: r.tenant_id,
    actor: r.actor,
    action: r.action,
    kind: r.kind,
    subject: r.subject,
    detail: readJson<Record<string, unknown>>(r.detail, {}),
    sourceAddress: r.source_address,
    createdAt: r.created_at,
  };
}
