/**
 * Calendar dates in a time zone: what "today" and "this month" mean where the user is, and
 * plain-date arithmetic (`YYYY-MM-DD`, no time zone, no local time of the process) with month
 * ends clamped: a date on the 31st one month on is 30 April, 28 or 29 February.
 */

export type PlainDate = string;

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

/** Days in `month` (1–12) of `year`. */
export const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Whole days from `a` to `b` (negative when `b` is earlier). */
export const daysBetween = (a: PlainDate, b: PlainDate): number => Math.round((toUtc(b) - toUtc(a)) / DAY);

export const addDays = (date: PlainDate, days: number): PlainDate => fromUtc(toUtc(date) + days * DAY);

/**
 * The date `months` after `date`'s month (negative: before) on `anchorDay`, clamped to that
 * month's end. Advance from the anchor, not from the last clamped date: 31 January + 1 month
 * is 28 February, and + 2 months is 31 March, not 28 March.
 */
export function anchorAfter(date: PlainDate, months: number, anchorDay: number): PlainDate {
  const [y, m] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const day = Math.min(anchorDay, daysInMonth(year, month));
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** One formatter per zone: making an `Intl.DateTimeFormat` costs far more than using one. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of `instant` in `timeZone` (an IANA name). */
export function dateIn(instant: Date, timeZone: string): PlainDate {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(instant);
}

/** Minutes `timeZone` is ahead of UTC at `instant` (Berlin in winter: 60). */
function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/** The instant a calendar day begins in `timeZone` (DST days included). */
export function startOfDayIn(date: PlainDate, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  // Two passes: the offset at the guess can differ from the offset at the answer across a DST change.
  let instant = utcMidnight - offsetMinutes(new Date(utcMidnight), timeZone) * 60_000;
  instant = utcMidnight - offsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
