import type { Db } from '../../db/database.js';
import { readJson, writeJson } from '../../db/json.js';

export interface AuditEntry {
  id: string;
  actor: string;
  action: string;
  subject: string;
  detail: Record<string, unknown>;
  createdAt: string;
}

/**
 * The audit log: append-only (nothing here updates or deletes an entry), one row per thing
 * a person or a job did, scoped by tenant. Every feature writes through `append`. Details
 * must never carry secrets or card data; callers pass labels (`Visa •••• 4242`), not numbers.
 */
export class AuditService {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  async append(tenant: string, actor: string, action: string, subject: string, detail: Record<string, unknown> = {}): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({ id: crypto.randomUUID(), tenant_id: tenant, actor, action, subject, detail: writeJson(detail), created_at: this.now().toISOString() })
      .execute();
  }

  /** The tenant's newest entries first (at most 500). */
  async list(tenant: string): Promise<AuditEntry[]> {
    const rows = await this.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenant).orderBy('created_at', 'desc').limit(500).execute();
    return rows.map((r) => ({ id: r.id, actor: r.actor, action: r.action, subject: r.subject, detail: readJson<Record<string, unknown>>(r.detail, {}), createdAt: r.created_at }));
  }
}
