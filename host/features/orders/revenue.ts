/**
 * Revenue coding of order lines, computed by the host from the plans themselves and the
 * order's type, never taken from the client. Finance reads these codes: expansion and
 * contraction move monthly recurring revenue (MRR) up or down, renewal keeps a contract,
 * refresh replaces hardware, add-on sells something beside the plan.
 */

export const OrderType = { upgrade: 'upgrade', downgrade: 'downgrade', renewal: 'renewal', refresh: 'refresh', addon: 'addon' } as const;
export type OrderType = (typeof OrderType)[keyof typeof OrderType];
export const ORDER_TYPES = Object.values(OrderType) as [OrderType, ...OrderType[]];

export type RevenueCode = 'expansion' | 'contraction' | 'renewal' | 'refresh' | 'add-on';

/** What a line changes: the plan a service moves from and to, or an add-on added or removed. */
export interface LineChange {
  kind: 'plan' | 'addon';
  /** Monthly price the customer pays today (minor units); 0 for a new add-on. */
  fromMonthly: number;
  /** Monthly price after the order; 0 for a removed add-on. */
  toMonthly: number;
  /** Capacity rank of the plans, to tell an upgrade at the same price from a downgrade. */
  fromRank?: number;
  toRank?: number;
}

export interface CodedLine {
  code: RevenueCode;
  /** Change in monthly recurring revenue, minor units. */
  mrrDelta: number;
}

/** Direction of a plan change: by price, then by capacity rank. */
export function direction(change: LineChange): 'up' | 'down' | 'same' {
  const byPrice = Math.sign(change.toMonthly - change.fromMonthly);
  const sign = byPrice || Math.sign((change.toRank ?? 0) - (change.fromRank ?? 0));
  return sign > 0 ? 'up' : sign < 0 ? 'down' : 'same';
}

export function codeLine(type: OrderType, change: LineChange): CodedLine {
  const mrrDelta = change.toMonthly - change.fromMonthly;
  if (change.kind === 'addon') return { code: mrrDelta < 0 ? 'contraction' : 'add-on', mrrDelta };
  switch (type) {
    case 'renewal':
      return { code: 'renewal', mrrDelta };
    case 'refresh':
      return { code: 'refresh', mrrDelta };
    default:
      // Upgrade, downgrade and add-on orders that change the plan are coded by what the
      // change does, so a mistyped order is still booked right (and flagged for review).
      return { code: direction(change) === 'down' ? 'contraction' : 'expansion', mrrDelta };
  }
}

/**
 * Why an order of this type with these plan changes needs a person: `null` when it is
 * self-serve. A type that contradicts the change (an "upgrade" to a smaller plan) is a
 * mistype the account manager corrects.
 */
export function typeMismatch(type: OrderType, plan: LineChange | undefined): boolean {
  if (!plan) return type !== 'addon';
  const d = direction(plan);
  if (type === 'upgrade') return d !== 'up';
  if (type === 'downgrade') return d !== 'down';
  return false;
}
