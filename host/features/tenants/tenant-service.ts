import type { Db } from '../../db/database.js';
import { readJson, writeJson } from '../../db/json.js';

export interface Tenant {
  id: string;
  name: string;
  origins: string[];
}

/** How a partner brands the kit for this tenant: validated colours, a logo, a support contact. */
export interface Branding {
  displayName?: string;
  logoUrl?: string;
  colors: Partial<Record<'primary' | 'onPrimary' | 'surface' | 'text' | 'muted' | 'border', string>>;
  supportName?: string;
  supportEmail?: string;
  supportPhone?: string;
}

/** Whom invoices are addressed to: the customer's legal name, billing address and VAT or tax id. */
export interface BillingProfile {
  legalName?: string;
  address: string[];
  taxId?: string;
  /** The language of the tenant's invoice PDFs, whatever the reader's; unset: the reader's. */
  invoiceLanguage?: 'en' | 'de';
}

export interface TenantServiceRecord {
  id: string;
  name: string;
  kind: string;
  /** Status components that affect this service, per source. */
  statusComponents: { source: string; componentId: string }[];
}

/** Tenants, their services and their allowed origins. Every read is by tenant. */
export class TenantService {
  #preflightOrigins: { at: number; origins: Set<string> } | null = null;
  /** Every authenticated request reads its tenant; a short cache spares the query. */
  readonly #tenantCache = new Map<string, { at: number; tenant: Tenant | undefined }>();

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  async get(id: string): Promise<Tenant | undefined> {
    const cached = this.#tenantCache.get(id);
    if (cached && Date.now() - cached.at < 5_000) return cached.tenant;
    const row = await this.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
    const tenant = row && { id: row.id, name: row.name, origins: readJson<string[]>(row.origins, []) };
    if (this.#tenantCache.size > 10_000) this.#tenantCache.clear();
    this.#tenantCache.set(id, { at: Date.now(), tenant });
    return tenant;
  }

  async list(): Promise<Tenant[]> {
    const rows = await this.db.selectFrom('tenants').selectAll().orderBy('id').execute();
    return rows.map((row) => ({ id: row.id, name: row.name, origins: readJson<string[]>(row.origins, []) }));
  }

  async upsert(tenant: Tenant): Promise<{ created: boolean }> {
    const existing = await this.get(tenant.id);
    if (existing) {
      await this.db
        .updateTable('tenants')
        .set({ name: tenant.name, origins: writeJson(tenant.origins) })
        .where('id', '=', tenant.id)
        .execute();
    } else {
      await this.db
        .insertInto('tenants')
        .values({ id: tenant.id, name: tenant.name, origins: writeJson(tenant.origins), created_at: this.now().toISOString() })
        .execute();
    }
    this.#preflightOrigins = null;
    this.#tenantCache.delete(tenant.id);
    return { created: !existing };
  }

  async listServices(tenantId: string): Promise<TenantServiceRecord[]> {
    const [services, links] = await Promise.all([
      this.db.selectFrom('services').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute(),
      this.db.selectFrom('status_component_links').selectAll().where('tenant_id', '=', tenantId).execute(),
    ]);
    return services.map((s) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      statusComponents: links.filter((l) => l.service_id === s.id).map((l) => ({ source: l.source, componentId: l.component_id })),
    }));
  }

  /** Creates or replaces a service and its status-component links in one transaction. */
  async upsertService(tenantId: string, service: TenantServiceRecord): Promise<{ created: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('services')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', service.id)
        .executeTakeFirst();
      if (existing) {
        await trx
          .updateTable('services')
          .set({ name: service.name, kind: service.kind })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', service.id)
          .execute();
      } else {
        await trx
          .insertInto('services')
          .values({ id: service.id, tenant_id: tenantId, name: service.name, kind: service.kind, created_at: this.now().toISOString() })
          .execute();
      }
      await trx.deleteFrom('status_component_links').where('tenant_id', '=', tenantId).where('service_id', '=', service.id).execute();
      const unique = new Map(service.statusComponents.map((l) => [`${l.source}\u0000${l.componentId}`, l]));
      if (unique.size) {
        await trx
          .insertInto('status_component_links')
          .values(
            [...unique.values()].map((l) => ({
              source: l.source,
              component_id: l.componentId,
              tenant_id: tenantId,
              service_id: service.id,
            })),
          )
          .execute();
      }
      return { created: !existing };
    });
  }

  /** Every status-component link of every tenant: which notices are platform-wide depends on all of them. */
  async allComponentLinks() {
    const rows = await this.db
      .selectFrom('status_component_links as l')
      .innerJoin('services as s', (j) => j.onRef('s.tenant_id', '=', 'l.tenant_id').onRef('s.id', '=', 'l.service_id'))
      .select(['l.source', 'l.component_id', 'l.tenant_id', 'l.service_id', 's.name as service_name'])
      .execute();
    return rows;
  }

  /** The tenant's branding (empty when it has none). */
  async branding(tenantId: string): Promise<Branding> {
    const row = await this.db.selectFrom('tenants').select('branding').where('id', '=', tenantId).executeTakeFirst();
    return readJson<Branding>(row?.branding, { colors: {} });
  }

  async setBranding(tenantId: string, branding: Branding): Promise<void> {
    await this.db
      .updateTable('tenants')
      .set({ branding: writeJson(branding) })
      .where('id', '=', tenantId)
      .execute();
  }

  /** The tenant's billing profile (no address when it has none). */
  async billingProfile(tenantId: string): Promise<BillingProfile> {
    const row = await this.db.selectFrom('tenants').select('billing_profile').where('id', '=', tenantId).executeTakeFirst();
    return readJson<BillingProfile>(row?.billing_profile, { address: [] });
  }

  async setBillingProfile(tenantId: string, profile: BillingProfile): Promise<void> {
    await this.db
      .updateTable('tenants')
      .set({ billing_profile: writeJson(profile) })
      .where('id', '=', tenantId)
      .execute();
  }

  /** Records an issued embed token (audit trail, and origins a CORS preflight may use). */
  async recordEmbedSession(session: { id: string; tenant: string; user: string; roles: string[]; origins: string[]; expiresAt: string }) {
    await this.db
      .insertInto('embed_sessions')
      .values({
        id: session.id,
        tenant_id: session.tenant,
        user_id: session.user,
        roles: writeJson(session.roles),
        origins: writeJson(session.origins),
        expires_at: session.expiresAt,
        created_at: this.now().toISOString(),
      })
      .execute();
    if (session.origins.length) this.#preflightOrigins = null;
  }

  /**
   * Origins a browser preflight may come from. A preflight carries no token, so we
   * can only answer for origins some tenant registered or some live token names;
   * the real request is then checked against its own token's tenant.
   */
  async isKnownOrigin(origin: string): Promise<boolean> {
    const cached = this.#preflightOrigins;
    if (cached && Date.now() - cached.at < 30_000) return cached.origins.has(origin);
    const [tenants, sessions] = await Promise.all([
      this.db.selectFrom('tenants').select('origins').execute(),
      // Tokens, and so their sessions' expiry, live in wall-clock time (see embed-sessions.ts), not in the services' clock.
      this.db
        .selectFrom('embed_sessions')
        .select('origins')
        .where('expires_at', '>', new Date().toISOString())
        .where('origins', '!=', '[]')
        .execute(),
    ]);
    const origins = new Set<string>();
    for (const row of [...tenants, ...sessions]) for (const o of readJson<string[]>(row.origins, [])) origins.add(o);
    this.#preflightOrigins = { at: Date.now(), origins };
    return origins.has(origin);
  }
}
