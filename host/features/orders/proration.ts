/**
 * Calendar arithmetic for billing: plain dates (`YYYY-MM-DD`) in the provider's billing
 * time zone, month ends clamped (an anchor on the 31st bills on 30 April and 28 or 29
 * February), and proration by days left in the current period.
 */

import { anchorAfter, daysBetween, type PlainDate } from '../../dates.js';

export { addDays, anchorAfter, dateIn, daysBetween, daysInMonth, type PlainDate } from '../../dates.js';

export interface BillingPeriod {
  /** The billing date this period began on (inclusive). */
  start: PlainDate;
  /** The next billing date (exclusive end of this period). */
  next: PlainDate;
  days: number;
}

/** The monthly billing period around `today` for a service billed on `anchorDay` (1–31). */
export function billingPeriod(today: PlainDate, anchorDay: number): BillingPeriod {
  if (!Number.isInteger(anchorDay) || anchorDay < 1 || anchorDay > 31) throw new RangeError(`anchorDay must be 1–31, not ${anchorDay}`);
  let start = anchorAfter(today, 0, anchorDay);
  if (daysBetween(start, today) < 0) start = anchorAfter(today, -1, anchorDay);
  const next = anchorAfter(start, 1, anchorDay);
  return { start, next, days: daysBetween(start, next) };
}

/**
 * The share of a monthly amount (minor units) for the days from `today` to the next billing
 * date: today is billed at the new price. Rounded half away from zero to a minor unit.
 */
export function prorate(monthlyMinor: number, today: PlainDate, period: BillingPeriod): number {
  const remaining = daysBetween(today, period.next);
  const exact = (monthlyMinor * remaining) / period.days;
  return Math.sign(exact) * Math.round(Math.abs(exact));
}
