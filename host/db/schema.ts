

/**
 * The host's own tables. Booleans are 0/1 and JSON is text on both dialects,
 * so one set of migrations and one adapter (`json.ts`) serve SQLite and PostgreSQL.
 */
export interface Database {
  tenants: TenantTable;
  services: ServiceTable;
  status_component_links: StatusComponentLinkTable;
  local_notices: LocalNoticeTable;
  embed_sessions: EmbedSessionTable;
  compute_accounts: ComputeAccountTable;
  usage_samples: UsageSampleTable;
  server_plans: ServerPlanTable;
}

export interface TenantTable {
  id: string;
  name: string;
  /** JSON array of origins allowed to embed the kit for this tenant. */
  origins: string;
  created_at: string;
}

export interface ServiceTable {
  id: string;
  tenant_id: string;
  name: string;
  kind: string;
  created_at: string;
}

/** Maps a status provider's component to a tenant's service. */
export interface StatusComponentLinkTable {
  source: string;
  component_id: string;
  tenant_id: string;
  service_id: string;
}

export interface LocalNoticeTable {
  id: string;
  kind: 'incident' | 'maintenance';
  title: string;
  status: string;
  impact: string;
  /** JSON array of component ids (the `local` source's own ids). */
  component_ids: string;
  scheduled_for: string | null;
  scheduled_until: string | null;
  /** JSON array of updates, newest first. */
  updates: string;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
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

export interface ComputeAccountTable {
  tenant_id: string;
  source: string;
  /** OpenStack project id, Cloud Director org name. */
  scope: string;
}

/** Usage tiers: 0 raw (48 h), 1 five-minute (30 days), 2 hourly (13 months). */
export interface UsageSampleTable {
  tenant_id: string;
  /** `<source>:<provider id>`. */
  server_id: string;
  metric: string;
  tier: number;
  /** Bucket start, seconds since the epoch. */
  at: number;
  sum: number;
  count: number;
  min: number;
  max: number;
}

export interface ServerPlanTable {
  tenant_id: string;
  server_id: string;
  metric: string;
  capacity: number;
}
