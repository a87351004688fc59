import type { BillingPeriod } from './proration.js';
import type { OrderType, RevenueCode } from './revenue.js';
import type { OrderState } from './states.js';

/** What the orders feature shows and takes: orders, their lines and quotes, and the staff's decisions. */

export interface OrderInput {
  type: OrderType;
  serviceId: string;
  /** The plan to move to; a renewal defaults to the current one; an add-on order has none. */
  planId?: string;
  addonIds?: string[];
  note?: string;
  /** The customer agrees to the restart a resize needs; required when the order resizes a server. */
  acceptReboot?: boolean;
  /** When a resize runs: at once, or tonight at 02:00 in the billing time zone. Default now. */
  window?: ResizeWindow;
  /** A downgrade: at the end of the paid period (default) or now, with a prorated credit. */
  effective?: 'now' | 'period_end';
}

export type ResizeWindow = 'now' | 'tonight';

/** What an order runs at a provider when it is carried out. */
export type ProviderAction = ResizeAction | ProtectAction;

/** A plan change of a virtual server: resized to the plan's flavor. */
export interface ResizeAction {
  kind: 'resize';
  /** The compute source (`openstack`) and its server id. */
  source: string;
  serverId: string;
  flavorId: string;
  /** The customer's server restarts for it. */
  reboot: true;
}

/** A DR add-on: the server's snapshot schedule set to the tier's at the protection provider. */
export interface ProtectAction {
  kind: 'protect';
  /** The protection provider (`tintri`). */
  source: string;
  serverId: string;
  tierId: string;
  /** A snapshot every this many minutes, each kept `retentionMinutes`. */
  everyMinutes: number;
  retentionMinutes: number;
}

export interface OrderLine {
  kind: 'plan' | 'addon';
  itemId: string | null;
  fromItemId: string | null;
  description: string;
  fromMonthly: number;
  toMonthly: number;
  code: RevenueCode;
  mrrDelta: number;
  /** Prorated to the next billing date (negative: a credit on the next invoice). */
  dueNow: number;
}

/** Why an order waits for the account manager. */
export type ReviewReason = 'type_mismatch' | 'contraction' | 'hardware' | 'large_amount';

export interface Quote {
  type: OrderType;
  serviceId: string;
  serviceName: string;
  currency: string;
  lines: OrderLine[];
  dueNow: number;
  mrrDelta: number;
  /** The billing period the proration runs to. */
  period: BillingPeriod & { today: string };
  /** When the change takes effect: today, or the renewal date for a renewal. */
  effectiveOn: string;
  reviewReasons: ReviewReason[];
  /** What fulfilment runs at the provider; null when only the contract changes. */
  providerAction: ProviderAction | null;
  /** A renewal's new term at the plan's price; null for other orders. */
  term: { months: number; monthly: number; total: number; startsOn: string; endsOn: string } | null;
}

export interface OrderEvent {
  at: string;
  actor: string;
  kind: string;
  from: OrderState | null;
  to: OrderState | null;
  detail: Record<string, unknown>;
}

export interface DeviceReturn {
  device: string;
  carrier: string;
  trackingNumber: string;
  createdAt: string;
  attestedAt: string | null;
  attestedBy: string | null;
  attestation: string | null;
  receivedAt: string | null;
}

/** A hardware refresh's new device on its way; the contract moves to it when delivered. */
export interface DeviceDelivery {
  model: string;
  carrier: string | null;
  trackingNumber: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  deliveredBy: string | null;
}

export interface Order {
  id: string;
  number: string;
  type: OrderType;
  requestedType: OrderType;
  state: OrderState;
  serviceId: string;
  serviceName: string;
  currency: string;
  lines: OrderLine[];
  dueNow: number;
  mrrDelta: number;
  reviewReasons: ReviewReason[];
  note: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** What the customer must do next, if anything. */
  customerAction: 'attest_wipe' | 'ship_device' | null;
  deviceReturn: DeviceReturn | null;
  delivery: DeviceDelivery | null;
  providerAction: ProviderAction | null;
  acceptReboot: boolean;
  window: ResizeWindow | null;
  effective: 'now' | 'period_end' | null;
  /** When the approved order runs (a resize tonight, a downgrade at the period end); null: at once. */
  scheduledFor: string | null;
  /** The period `dueNow` covers (start inclusive, end exclusive). */
  period: { start: string; end: string } | null;
  /** The provider's reason when the order failed. */
  failureReason: string | null;
  /** The billing provider's invoice carrying `dueNow`, once charged. */
  chargeInvoiceId: string | null;
  history: OrderEvent[];
}

export type ReviewAction =
  | { action: 'approve'; message?: string }
  | { action: 'reject'; message: string }
  | { action: 'cancel'; message?: string }
  | { action: 'ship'; carrier: string; trackingNumber: string; message?: string }
  | { action: 'delivered'; message?: string }
  | { action: 'schedule'; on: string; message?: string }
  | { action: 'answer'; message: string }
  | { action: 'recode'; type: OrderType; message?: string }
  | { action: 'device-received'; message?: string }
  | { action: 'complete'; message?: string };

export interface OrderServiceOptions {
  /** IANA zone the provider bills in: "today" for proration is that zone's date. Default UTC. */
  billingTimeZone?: string;
  /** Orders due now above this (minor units) wait for review. Default 100,000 (1,000.00). */
  reviewAbove?: number;
  /** Carrier named on return labels. */
  returnsCarrier?: string;
  /** Lines of the returns depot's address. */
  returnsAddress?: string[];
  providerName?: string;
}
