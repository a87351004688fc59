/**
 * Calendar arithmetic for billing: plain dates (`YYYY-MM-DD`) in the provider's billing
 * time zone, month ends clamped (an anchor on the 31st bills on 30 April and 28 or 29
 * February), and proration by days left in the current period.
 */

import type { PlainDate } from '../../dates.js';

export { dateIn, type PlainDate } from '../../dates.js';

const DAY = 86_400_000;

const parts = (date: PlainDate): [number, number, number] => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`Not a date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
};

const fromUtc = (ms: number): PlainDate => new Date(ms).toISOString().slice(0, 10);
const toUtc = (date: PlainDate): number => {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d);
};

export const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Whole days from `a` to `b` (negative when `b` is earlier). */
export const daysBetween = (a: PlainDate, b: PlainDate): number => Math.round((toUtc(b) - toUtc(a)) / DAY);

export const addDays = (date: PlainDate, days: number): PlainDate => fromUtc(toUtc(date) + days * DAY);

/** The billing date of the month `months` after `date`'s month, on `anchorDay` clamped to that month's end. */
export function anchorAfter(date: PlainDate, months: number, anchorDay: number): PlainDate {
  const [y, m] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(anchorDay, daysInMonth(year, month));
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

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
