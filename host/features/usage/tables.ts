/** The usage feature's tables (part of the host's `Database`, `host/db/schema.ts`). */
export interface UsageTables {
  usage_samples: UsageSampleTable;
  server_plans: ServerPlanTable;
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
