import type { Generated } from 'kysely';

/** The tenants feature's tables (part of the host's `Database`, `host/db/schema.ts`). */
export interface TenantsTables {
  tenants: TenantTable;
  services: ServiceTable;
  embed_sessions: EmbedSessionTable;
}

export interface TenantTable {
  id: string;
  name: string;
  /** JSON array of origins allowed to embed the kit for this tenant. */
  origins: string;
  created_at: string;
  /** JSON: colours, logo, support contact a partner shows this tenant. */
  branding: Generated<string>;
  /** JSON: legal name, billing address and VAT id that invoices name (BillingProfile). */
  billing_profile: Generated<string>;
}

export interface ServiceTable {
  id: string;
  tenant_id: string;
  name: string;
  kind: string;
  created_at: string;
}

/** Issued embed tokens: an audit trail and the origins CORS preflights may use. */
export interface EmbedSessionTable {
  id: string;
  tenant_id: string;
  user_id: string;
  roles: string;
  origins: string;
  expires_at: string;
  created_at: string;
}
