import type { Generated } from 'kysely';

/** The orders feature's tables (part of the host's `Database`, `host/db/schema.ts`). */
export interface OrdersTables {
  catalog_items: CatalogItemTable;
  service_plans: ServicePlanTable;
  orders: OrderTable;
  order_lines: OrderLineTable;
  order_events: {
    id: string;
    order_id: string;
    seq: number;
    at: string;
    actor: string;
    kind: string;
    from_state: string | null;
    to_state: string | null;
    detail: string;
  };
  device_returns: DeviceReturnTable;
  device_deliveries: DeviceDeliveryTable;
  escalations: EscalationTable;
}

export interface CatalogItemTable {
  id: string;
  product: string;
  /** `plan` or `addon`. */
  kind: string;
  name: string;
  description: string;
  currency: string;
  /** Minor units per month. */
  monthly_amount: number;
  term_months: number;
  vcpus: number | null;
  ram_mb: number | null;
  disk_gb: number | null;
  bandwidth_mbit: number | null;
  hardware: number;
  rank: number;
  active: number;
  updated_at: string;
  /** Add-ons of one group replace each other (a protection tier replaces the previous tier). */
  addon_group: Generated<string | null>;
  /** JSON: per language, the translated name and description (`{"de":{"name":"…"}}`). */
  translations: Generated<string>;
  /** JSON: the provider flavor per compute source, `{ "openstack": "<flavorId>" }`. */
  flavors: Generated<string>;
}

export interface ServicePlanTable {
  tenant_id: string;
  service_id: string;
  service_name: string;
  plan_id: string;
  /** The contracted monthly price (minor units); the catalog price may have moved since. */
  monthly_amount: number;
  /** JSON: [{ id, monthlyAmount }] */
  addons: string;
  anchor_day: number;
  started_on: string;
  renews_on: string;
  device: string | null;
  /** server, dedicated, domain, certificate or other: how the inventory shows it. */
  kind: Generated<string>;
  updated_at: string;
}

export interface OrderTable {
  id: string;
  tenant_id: string;
  number: string;
  type: string;
  /** What the customer chose; `type` differs once staff corrected it. */
  requested_type: string;
  state: string;
  service_id: string;
  service_name: string;
  currency: string;
  due_now: number;
  mrr_delta: number;
  /** JSON array of reason codes. */
  review_reasons: string;
  note: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** 1 when the customer consented to the reboot a resize needs. */
  accept_reboot: Generated<number | null>;
  /** `now` or `tonight` (02:00 in the billing time zone). */
  resize_window: Generated<string | null>;
  /** A downgrade's `now` or `period_end`. */
  effective: Generated<string | null>;
  /** When an approved order is carried out (ISO instant); null: at once. */
  scheduled_for: Generated<string | null>;
  /** The provider's reason when the order failed. */
  failure_reason: Generated<string | null>;
  /** The host's own reason as a catalogue message (JSON), worded in the reader's language when read. */
  failure_message: Generated<string | null>;
  /** JSON: what the order runs at the provider (`{ kind: 'resize', source, serverId, flavorId }`). */
  provider_action: Generated<string | null>;
  /** The period the quoted amount covers (start inclusive, end exclusive). */
  period_start: Generated<string | null>;
  period_end: Generated<string | null>;
  /** The billing provider's invoice for the amount, once charged. */
  charge_reference: Generated<string | null>;
}

export interface OrderLineTable {
  order_id: string;
  position: number;
  kind: string;
  item_id: string | null;
  from_item_id: string | null;
  description: string;
  from_monthly: number;
  to_monthly: number;
  code: string;
  mrr_delta: number;
  due_now: number;
}

export interface DeviceReturnTable {
  order_id: string;
  tenant_id: string;
  device: string;
  carrier: string;
  tracking_number: string;
  created_at: string;
  attested_at: string | null;
  attested_by: string | null;
  attestation: string | null;
  received_at: string | null;
}

/** The new device of a hardware refresh on its way: the contract moves to it once delivered. */
export interface DeviceDeliveryTable {
  order_id: string;
  tenant_id: string;
  /** The plan (model) being delivered. */
  model: string;
  carrier: string | null;
  tracking_number: string | null;
  shipped_at: string | null;
  delivered_at: string | null;
  delivered_by: string | null;
  created_at: string;
}

export interface EscalationTable {
  id: string;
  tenant_id: string;
  step: string;
  /** JSON: what the customer had chosen so far. */
  selection: string;
  note: string;
  state: string;
  answer: string | null;
  answered_by: string | null;
  answered_at: string | null;
  created_by: string;
  created_at: string;
}
